using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Data;

/// <summary>
/// The contact search index follows the Contacts table through its triggers; a contact comes with a stand-in user that
/// has no role and no password, so a customer can never sign in to the dashboard.
/// </summary>
public sealed class ContactSearchIndexTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ContactService Contacts => factory.Services.GetRequiredService<ContactService>();

    [Fact]
    public async Task Create_NewContact_FoundByNamePrefixAndEmail_StandInUserHasNoRoleOrPassword()
    {
        var contact = await Contacts.CreateAsync(null, new ContactDetails("Henrietta Quarles", "henrietta@northwind.test", Company: "Northwind"));

        (await MatchesAsync("henri*")).Should().Contain(contact.Id);
        (await MatchesAsync("\"henrietta@northwind.test\"")).Should().Contain(contact.Id);
        (await MatchesAsync("northwind")).Should().Contain(contact.Id);
        var user = await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == contact.UserId));
        user.PasswordHash.Should().BeNull();
        user.DisplayName.Should().Be("Henrietta Quarles");
        (await factory.QueryAsync(db => db.UserRoles.CountAsync(r => r.UserId == contact.UserId))).Should().Be(0);
    }

    [Fact]
    public async Task Update_EmailChangedThenMerged_IndexFollows()
    {
        var contact = await Contacts.CreateAsync(null, new ContactDetails("Bartholomew Ring", "old-address@example.test"));
        var survivor = await Contacts.CreateAsync(null, new ContactDetails("Bart Ring"));

        await ChangeAsync(contact.Id, c => c.Email = "new-address@example.test");
        (await MatchesAsync("\"old-address@example.test\"")).Should().NotContain(contact.Id);
        (await MatchesAsync("\"new-address@example.test\"")).Should().Contain(contact.Id);

        await ChangeAsync(contact.Id, c => c.MergedIntoId = survivor.Id);
        (await MatchesAsync("bartholomew")).Should().NotContain(contact.Id, "a merged-away contact is found through its survivor");
        (await Contacts.GetAsync(contact.Id))!.Id.Should().Be(survivor.Id);
    }

    private async Task ChangeAsync(long contactId, Action<QanDu.Dashboard.Data.Entities.Contact> change)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        change(await db.Contacts.SingleAsync(c => c.Id == contactId));
        await db.SaveChangesAsync();
    }

    private Task<List<long>> MatchesAsync(string match) => factory.QueryAsync(db =>
        db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM ContactSearch WHERE ContactSearch MATCH {match}").ToListAsync());
}
