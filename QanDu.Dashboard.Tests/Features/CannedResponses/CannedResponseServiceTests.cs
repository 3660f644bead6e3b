using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.CannedResponses;

public sealed class CannedResponseServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private CannedResponseService Responses => factory.Services.GetRequiredService<CannedResponseService>();

    [Fact]
    public async Task Shared_ManagedBySupervisors_UsedButNotEditableByAgents()
    {
        var supervisor = await factory.CreateUserAsync("Sue Supervisor", Roles.Supervisor);
        var agent = await factory.CreateUserAsync("Andy Agent", Roles.Agent);
        var code = Code("shared");
        var shared = await Responses.CreateAsync(supervisor, new CannedResponseRequest(code, "Welcome", "Hello {{contact.name}}", Shared: true));

        var seenByAgent = (await Responses.ListAsync(agent)).Single(r => r.Id == shared.Id);
        var edit = () => Responses.UpdateAsync(agent, shared.Id, new CannedResponseRequest(code, "Mine now", "Changed", Shared: true));
        var delete = () => Responses.DeleteAsync(agent, shared.Id);
        var createShared = () => Responses.CreateAsync(agent, new CannedResponseRequest(Code("agent"), "Sneaky", "Text", Shared: true));

        seenByAgent.Should().Match<CannedResponseView>(r => r.Shared && !r.CanEdit);
        (await edit.Should().ThrowAsync<ChatForbiddenException>()).Which.Message.Should().Contain("Only admins and supervisors");
        await delete.Should().ThrowAsync<ChatForbiddenException>();
        await createShared.Should().ThrowAsync<ChatForbiddenException>();
        (await Responses.GetAsync(supervisor, shared.Id)).Title.Should().Be("Welcome");
    }

    [Fact]
    public async Task Personal_OnlyItsOwnerSeesOrChangesIt()
    {
        var owner = await factory.CreateUserAsync("Olga Owner", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Carl Colleague", Roles.Agent);
        var admin = await factory.CreateUserAsync("Ada Admin", Roles.Admin);
        var mine = await Responses.CreateAsync(owner, new CannedResponseRequest(Code("mine"), "My sign-off", "Cheers, {{agent.name}}"));

        mine.Should().Match<CannedResponseView>(r => !r.Shared && r.CanEdit);
        (await Responses.ListAsync(colleague)).Should().NotContain(r => r.Id == mine.Id);
        (await Responses.ListAsync(admin)).Should().NotContain(r => r.Id == mine.Id, "personal ones are their owner's alone, whoever asks");
        var colleagueEdit = () => Responses.UpdateAsync(colleague, mine.Id, new CannedResponseRequest("x", "x", "x"));
        var colleagueGet = () => Responses.GetAsync(colleague, mine.Id);
        await colleagueEdit.Should().ThrowAsync<ChatNotFoundException>();
        await colleagueGet.Should().ThrowAsync<ChatNotFoundException>();

        await Responses.UpdateAsync(owner, mine.Id, new CannedResponseRequest(mine.ShortCode, "My sign-off", "Best, {{agent.name}}"));
        await Responses.DeleteAsync(owner, mine.Id);
        (await Responses.ListAsync(owner)).Should().NotContain(r => r.Id == mine.Id);
    }

    [Fact]
    public async Task List_Search_MatchesCodeTitleOrText()
    {
        var agent = await factory.CreateUserAsync("Searching Agent", Roles.Agent);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Responses.CreateAsync(agent, new CannedResponseRequest("ship-" + suffix, "Shipping times", "Parcels arrive in 3 days."));
        await Responses.CreateAsync(agent, new CannedResponseRequest("pw-" + suffix, "Password reset", "Use the reset link " + suffix));

        (await Responses.ListAsync(agent, "ship-" + suffix)).Select(r => r.Title).Should().Equal("Shipping times");
        (await Responses.ListAsync(agent, "reset link " + suffix)).Select(r => r.Title).Should().Equal("Password reset");
        (await Responses.ListAsync(agent, "100%_" + suffix)).Should().BeEmpty("% and _ are searched as themselves");
    }

    [Fact]
    public async Task Create_BadInputOrTakenCode_NamesTheField()
    {
        var agent = await factory.CreateUserAsync("Careless Agent", Roles.Agent);
        var code = Code("dup");
        await Responses.CreateAsync(agent, new CannedResponseRequest(code, "First", "Text"));

        var bad = () => Responses.CreateAsync(agent, new CannedResponseRequest("has space", "", ""));
        var taken = () => Responses.CreateAsync(agent, new CannedResponseRequest(code.ToUpperInvariant(), "Second", "Text"));

        (await bad.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Keys.Should().BeEquivalentTo("shortCode", "title", "content");
        (await taken.Should().ThrowAsync<ChatValidationException>()).Which.Errors["shortCode"].Single().Should().Contain("already have");
    }

    [Fact]
    public async Task Fill_ConversationWithContact_UsesTheContactsAndAgentsNames()
    {
        var agent = await factory.CreateUserAsync("Maya Agent", Roles.Agent);
        var contact = await factory.Services.GetRequiredService<ContactService>()
            .CreateAsync(null, new ContactDetails(Name: "Dana Customer", Email: "dana@example.com"));
        var threadId = await factory.CreateGroupThreadAsync(agent, "Order question", ChatCaller.Visitor(contact.UserId, "Dana Customer"));
        await SetContactAsync(threadId, contact.Id);
        var response = await Responses.CreateAsync(agent, new CannedResponseRequest(Code("fill"), "Reply",
            "Hi {{contact.name}} ({{ contact.email }}), {{agent.name}} here about #{{conversation.id}}. {{contact.phone}} {{contact.phone}}"));

        var filled = await Responses.FillAsync(agent, response.Id, threadId);

        filled.Content.Should().Be($"Hi Dana Customer (dana@example.com), Maya Agent here about #{threadId}. {{{{contact.phone}}}} {{{{contact.phone}}}}");
        filled.Unfilled.Should().Equal("{{contact.phone}}");
    }

    [Fact]
    public async Task Fill_NoContact_UsesTheFirstParticipantWhoIsNotStaff_AndHidesOthersThreads()
    {
        var agent = await factory.CreateUserAsync("Tom Agent", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Staff Colleague", Roles.Agent);
        var customer = await factory.CreateUserAsync("Rob Roleless", role: null);
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, "Legacy support", colleague, customer);
        var response = await Responses.CreateAsync(agent, new CannedResponseRequest(Code("legacy"), "Reply", "Dear {{contact.name}}, {{agent.name}}"));
        var staffOnly = await factory.CreateGroupThreadAsync(agent, "Team only", colleague);

        (await Responses.FillAsync(agent, response.Id, threadId)).Content.Should().Be("Dear Rob Roleless, Tom Agent");
        var noContact = await Responses.FillAsync(agent, response.Id, staffOnly);
        noContact.Content.Should().Be("Dear {{contact.name}}, Tom Agent");
        noContact.Unfilled.Should().Equal("{{contact.name}}");
        var supervisor = await factory.CreateUserAsync("Shared Supervisor", Roles.Supervisor);
        var shared = await Responses.CreateAsync(supervisor, new CannedResponseRequest(Code("team"), "Team reply", "Hi {{contact.name}}", Shared: true));
        var notTheirs = () => Responses.FillAsync(outsider, shared.Id, threadId);
        (await notTheirs.Should().ThrowAsync<ChatNotFoundException>("a conversation the caller may not see gives away nothing"))
            .Which.Message.Should().Be($"Thread {threadId} was not found.");
    }

    private static string Code(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    // Arranged directly: starting customer conversations is the visitor API's job, not part of what is tested here.
    private async Task SetContactAsync(long threadId, long contactId)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, contactId));
    }
}
