using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Contacts.ContactTestKit;

namespace QanDu.Dashboard.Tests.Features.Contacts;

/// <summary>The team finds contacts by what it remembers of them, and edits them; bad input is refused and names the field.</summary>
public sealed class ContactServiceTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private ContactService Contacts => app.ContactService();

    private ContactDirectory Directory => app.ContactDirectory();

    [Fact]
    public async Task ListAsync_NamePrefixEmailOrCompany_FindsTheContact()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var (first, company) = (Unique("Zed"), Unique("Acme"));
        var contact = await app.CreateContactAsync($"{first} Blake", $"{first.ToLowerInvariant()}.blake@example.com", $"{company} Ltd");
        await app.CreateContactAsync(Unique("Other"), company: Unique("Other"));

        (await Ids(agent, first[..6])).Should().Equal([contact.Id], "a name is found by the start of a word");
        (await Ids(agent, $"{first.ToLowerInvariant()}.blake@exa")).Should().Equal([contact.Id], "an email is found as typed");
        (await Ids(agent, company)).Should().Equal([contact.Id], "the company is searched too");
        (await Ids(agent, $"{first} Nobody")).Should().BeEmpty("every word must match");
    }

    [Fact]
    public async Task ListAsync_SearchSyntaxInTheQuery_IsReadAsWords()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var name = Unique("Quote");
        var contact = await app.CreateContactAsync($"{name} O'Connor");

        (await Ids(agent, $"\"{name}\" OR* NEAR( -")).Should().BeEmpty();
        (await Ids(agent, $"\"{name}\" o'conn")).Should().Equal([contact.Id], "quotes and apostrophes are not syntax");
    }

    [Fact]
    public async Task ListAsync_NoQuery_RecentlySeenFirstWithVisibleConversationCount()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var older = await app.CreateContactAsync(Unique("Older"));
        var newer = await app.CreateContactAsync(Unique("Newer"));
        await app.CreateConversationAsync(newer, agent);
        await app.CreateConversationAsync(newer, agent);

        var page = await Directory.ListAsync(agent, "   ");

        var ids = page.Items.Select(i => i.Id).ToList();
        ids.IndexOf(newer.Id).Should().BeLessThan(ids.IndexOf(older.Id)).And.BeGreaterThanOrEqualTo(0);
        page.Items.Single(i => i.Id == newer.Id).Conversations.Should().Be(2);
    }

    [Fact]
    public async Task ListAsync_Visitor_Refused()
    {
        var contact = await app.CreateContactAsync(Unique("Visitor"));

        var act = () => Directory.ListAsync(ContactService.CallerFor(contact), null);

        await act.Should().ThrowAsync<ChatForbiddenException>();
    }

    [Fact]
    public async Task UpdateAsync_ValidFields_StoredSearchableAndStandInUserRenamed()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await app.CreateContactAsync(null, "anon@example.com");
        var thread = await app.CreateConversationAsync(contact, agent);
        var name = Unique("Renamed");
        var changed = new List<long>();
        using var _ = app.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            if (e is ContactChanged c) lock (changed) changed.Add(c.ContactId);
            return Task.CompletedTask;
        });

        await Contacts.UpdateAsync(agent, contact.Id, new UpdateContactRequest($" {name} Smith ", "ada@example.com", "+44 20 7946 0958", "Initech", "user-7"));

        var view = await Directory.GetAsync(agent, contact.Id);
        view.Should().BeEquivalentTo(new { Name = $"{name} Smith", Email = "ada@example.com", Phone = "+44 20 7946 0958", Company = "Initech", Identifier = "user-7" },
            o => o.ExcludingMissingMembers());
        (await Ids(agent, name)).Should().Equal([contact.Id]);
        (await app.QueryAsync(db => db.Users.Where(u => u.Id == contact.UserId).Select(u => u.DisplayName).SingleAsync())).Should().Be($"{name} Smith");
        var senders = await app.QueryAsync(db => db.Messages.Where(m => m.ThreadId == thread && m.SenderId == contact.UserId).Select(m => m.SenderName).ToListAsync());
        senders.Should().OnlyContain(n => n == $"{name} Smith", "the customer's messages show their name now");
        lock (changed) changed.Should().Contain(contact.Id);
    }

    [Theory]
    [InlineData("not-an-email", null, "email")]
    [InlineData("a b@example.com", null, "email")]
    [InlineData(null, "call me", "phone")]
    public async Task UpdateAsync_BadField_RefusedNamingTheFieldAndNothingStored(string? email, string? phone, string field)
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await app.CreateContactAsync("Before", "before@example.com");

        var act = () => Contacts.UpdateAsync(agent, contact.Id, new UpdateContactRequest("After", email, phone));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey(field);
        (await Directory.GetAsync(agent, contact.Id)).Name.Should().Be("Before");
    }

    [Fact]
    public async Task UpdateAsync_TooLongName_Refused()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await app.CreateContactAsync("Short");

        var act = () => Contacts.UpdateAsync(agent, contact.Id, new UpdateContactRequest(new string('x', ContactRules.NameMax + 1)));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["name"].Single().Should().Contain("at most 100");
    }

    [Fact]
    public async Task UpdateAsync_IdentifierOfAnotherContactInTheChannel_RefusedClearly()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var channel = await app.CreateChannelAsync();
        await app.CreateContactAsync("Taken", channelId: channel, identifier: "u-1");
        var other = await app.CreateContactAsync("Other", channelId: channel);
        var elsewhere = await app.CreateContactAsync("Elsewhere", channelId: await app.CreateChannelAsync("Blog"));

        var act = () => Contacts.UpdateAsync(agent, other.Id, new UpdateContactRequest("Other", Identifier: "u-1"));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["identifier"].Single().Should().Contain("already has the identifier \"u-1\"");
        await Contacts.UpdateAsync(agent, elsewhere.Id, new UpdateContactRequest("Elsewhere", Identifier: "u-1"));
        (await Directory.GetAsync(agent, elsewhere.Id)).Identifier.Should().Be("u-1", "an identifier is unique per channel only");
    }

    [Fact]
    public async Task ReplaceAttributesAsync_WholeMap_ReplacesAddsEditsAndRemoves()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await app.CreateContactAsync("Attr");
        await Contacts.ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["plan"] = "Team", ["seats"] = "20" });

        await Contacts.ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["plan"] = " Business ", ["region"] = "EU" });

        (await Directory.GetAsync(agent, contact.Id)).Attributes.Should().BeEquivalentTo(new Dictionary<string, string> { ["plan"] = "Business", ["region"] = "EU" });
    }

    [Fact]
    public async Task ReplaceAttributesAsync_TooManyOrBadKeys_RefusedAndKept()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await app.CreateContactAsync("Attr");
        await Contacts.ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["plan"] = "Team" });
        var tooMany = Enumerable.Range(0, ContactRules.MaxAttributes + 1).ToDictionary(i => $"k{i}", i => (string?)"v");

        var many = () => Contacts.ReplaceAttributesAsync(agent, contact.Id, tooMany);
        var badKey = () => Contacts.ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["<script>"] = "x" });
        var longValue = () => Contacts.ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["plan"] = new string('v', 501) });

        (await many.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("at most 50 attributes");
        (await badKey.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("<script>");
        (await longValue.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("longer than 500");
        (await Directory.GetAsync(agent, contact.Id)).Attributes.Should().Equal(new Dictionary<string, string> { ["plan"] = "Team" });
    }

    [Fact]
    public async Task Notes_AddedNewestFirst_AuthorDeletesOwn_OthersRefused_AdminDeletesAny()
    {
        var maya = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var admin = await app.CreateUserAsync("Alex Morgan", Roles.Admin);
        var contact = await app.CreateContactAsync("Noted");

        var first = await Contacts.AddNoteAsync(maya, contact.Id, "Prefers email.");
        var second = await Contacts.AddNoteAsync(tom, contact.Id, "  VIP customer  ");

        (await Directory.GetAsync(maya, contact.Id)).Notes.Select(n => (n.Content, n.AuthorName))
            .Should().Equal(("VIP customer", "Tom Okafor"), ("Prefers email.", "Maya Chen"));
        var othersNote = () => Contacts.DeleteNoteAsync(maya, contact.Id, second.Id);
        await othersNote.Should().ThrowAsync<ChatForbiddenException>();
        await Contacts.DeleteNoteAsync(maya, contact.Id, first.Id);
        await Contacts.DeleteNoteAsync(admin, contact.Id, second.Id);
        (await Directory.GetAsync(maya, contact.Id)).Notes.Should().BeEmpty();
        var empty = () => Contacts.AddNoteAsync(maya, contact.Id, "   ");
        (await empty.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("content");
    }

    [Fact]
    public async Task GetAsync_ConversationsTheCallerCannotSee_LeftOut()
    {
        var maya = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var contact = await app.CreateContactAsync("Two threads");
        var mine = await app.CreateConversationAsync(contact, maya);
        var toms = await app.CreateConversationAsync(contact, tom);
        // Assigned conversations leave the Unassigned queue every agent sees.
        await app.Threads.AssignAsync(tom, toms, tom.UserId);
        await app.Threads.AssignAsync(maya, mine, maya.UserId);

        (await Directory.GetAsync(maya, contact.Id)).Conversations.Select(c => c.Id).Should().Equal(mine);
        (await Directory.GetAsync(supervisor, contact.Id)).Conversations.Select(c => c.Id).Should().BeEquivalentTo([mine, toms]);
        var unknown = () => Directory.GetAsync(maya, long.MaxValue);
        await unknown.Should().ThrowAsync<ChatNotFoundException>();
    }

    [Fact]
    public async Task GetAsync_VerifiedTokenAndRecentVisit_ShowVerifiedAndLive()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var channel = await app.CreateChannelAsync();
        var contact = await app.CreateContactAsync("Live one", channelId: channel, identifier: Unique("id"));
        var stale = await app.CreateContactAsync("Stale one", channelId: channel);
        await app.AddTokenAsync(contact, channel, verified: true);
        await app.AddTokenAsync(stale, channel, verified: false);
        await app.QueryAsync(db => db.Contacts.Where(c => c.Id == stale.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenAt, DateTime.UtcNow.AddHours(-1))));

        var live = await Directory.GetAsync(agent, contact.Id);
        var old = await Directory.GetAsync(agent, stale.Id);

        (live.Verified, live.Live).Should().Be((true, true));
        (old.Verified, old.Live).Should().Be((false, false));
    }

    private async Task<IReadOnlyList<long>> Ids(ChatCaller caller, string query) =>
        [.. (await Directory.ListAsync(caller, query)).Items.Select(i => i.Id)];
}
