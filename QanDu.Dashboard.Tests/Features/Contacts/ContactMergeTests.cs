using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Contacts.ContactTestKit;

namespace QanDu.Dashboard.Tests.Features.Contacts;

/// <summary>Two records of one customer become one: everything of the merged contact moves to the survivor, once, and is audited.</summary>
public sealed class ContactMergeTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private ContactService Contacts => app.ContactService();

    [Fact]
    public async Task MergeAsync_MovesConversationsMessagesParticipantsCursorsNotesAttributesAndTokens()
    {
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var channel = await app.CreateChannelAsync();
        var survivor = await app.CreateContactAsync("Jordan Blake", channelId: channel, identifier: Unique("u"));
        var merged = await app.CreateContactAsync(null, "jordan@example.com", "Blake & Partners", channel, phone: "+1 555 0100");
        await Contacts.ReplaceAttributesAsync(agent, survivor.Id, new Dictionary<string, string?> { ["plan"] = "Team" });
        await Contacts.ReplaceAttributesAsync(agent, merged.Id, new Dictionary<string, string?> { ["plan"] = "Starter", ["seats"] = "20" });
        await Contacts.AddNoteAsync(agent, merged.Id, "Asked about invoices.");
        await app.AddTokenAsync(merged, channel, verified: false);
        // Both stand-in users in one thread (the same person chatting from two devices): one participant and one cursor stay.
        var own = await app.CreateConversationAsync(survivor, agent, "first visit", merged.UserId);
        var moved = await app.CreateConversationAsync(merged, agent, "second visit");
        var both = await app.Messages.PostAsync(ContactService.CallerFor(merged), new PostMessageRequest(own, "from my phone", "k-phone"));
        await app.ReadState.MarkAsync(ContactService.CallerFor(merged), own, both.Message.Id, MessageStatus.Read);

        var result = await Contacts.MergeAsync(supervisor, survivor.Id, merged.Id);

        result.Should().BeEquivalentTo(new { Conversations = 2, Messages = 2, Notes = 1, Tokens = 1 }, o => o.ExcludingMissingMembers());
        var view = await app.ContactDirectory().GetAsync(supervisor, survivor.Id);
        view.Conversations.Select(c => c.Id).Should().BeEquivalentTo([own, moved]);
        view.Should().BeEquivalentTo(new { Name = "Jordan Blake", Email = "jordan@example.com", Phone = "+1 555 0100", Company = "Blake & Partners" },
            o => o.ExcludingMissingMembers());
        view.Attributes.Should().Equal(new Dictionary<string, string> { ["plan"] = "Team", ["seats"] = "20" }, "the survivor's values win; missing keys are taken");
        view.Notes.Select(n => n.Content).Should().Equal("Asked about invoices.");

        await app.QueryAsync(async db =>
        {
            (await db.Messages.CountAsync(m => m.SenderId == merged.UserId)).Should().Be(0);
            (await db.Messages.Where(m => m.ThreadId == moved && m.SenderType == SenderType.User && m.SenderId != agent.UserId).Select(m => m.SenderId).SingleAsync())
                .Should().Be(survivor.UserId);
            (await db.Participants.Where(p => p.ThreadId == own).Select(p => p.UserId).ToListAsync()).Should().BeEquivalentTo([agent.UserId, survivor.UserId]);
            (await db.Participants.Where(p => p.ThreadId == moved).Select(p => p.UserId).ToListAsync()).Should().BeEquivalentTo([agent.UserId, survivor.UserId]);
            (await db.ReadCursors.Where(r => r.ThreadId == own && r.UserId == survivor.UserId).Select(r => r.LastReadMessageId).SingleAsync())
                .Should().Be(both.Message.Id, "the survivor has read as far as either had");
            (await db.ReadCursors.AnyAsync(r => r.UserId == merged.UserId)).Should().BeFalse();
            (await db.VisitorTokens.Where(t => t.ContactId == survivor.Id).CountAsync()).Should().Be(1);
            var gone = await db.Contacts.SingleAsync(c => c.Id == merged.Id);
            (gone.MergedIntoId, gone.MergedAt.HasValue).Should().Be((survivor.Id, true));
            return 0;
        });
        (await app.ContactDirectory().ListAsync(supervisor, "jordan@example.com")).Items.Select(i => i.Id).Should().Equal([survivor.Id],
            "the merged contact leaves the search");
        (await app.ContactDirectory().GetAsync(supervisor, merged.Id)).Id.Should().Be(survivor.Id, "an old link leads to the survivor");
    }

    [Fact]
    public async Task MergeAsync_WritesAnAuditEntryWithBeforeAndAfter()
    {
        var admin = await app.CreateUserAsync("Alex Morgan", Roles.Admin);
        var survivor = await app.CreateContactAsync(Unique("Survivor"));
        var merged = await app.CreateContactAsync(null, $"{Unique("m")}@example.com");

        await Contacts.MergeAsync(admin, survivor.Id, merged.Id);

        var entry = await app.QueryAsync(db => db.AuditLog.SingleAsync(a => a.Action == "contact.merged" && a.TargetId == survivor.Id.ToString()));
        entry.ActorId.Should().Be(admin.UserId);
        entry.Detail.Should().Contain($"Merged contact {merged.Id}");
        JsonDocument.Parse(entry.Before!).RootElement.GetProperty("merged").GetProperty("email").GetString().Should().Be(merged.Email);
        JsonDocument.Parse(entry.After!).RootElement.GetProperty("email").GetString().Should().Be(merged.Email, "the survivor's empty email was filled");
    }

    [Fact]
    public async Task MergeAsync_WithItselfAlreadyMergedOrDifferentIdentifiers_RefusedAndNothingMoved()
    {
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var channel = await app.CreateChannelAsync();
        var a = await app.CreateContactAsync("A", channelId: channel, identifier: Unique("a"));
        var b = await app.CreateContactAsync("B", channelId: channel, identifier: Unique("b"));
        var c = await app.CreateContactAsync("C");
        var d = await app.CreateContactAsync("D");
        var thread = await app.CreateConversationAsync(b, agent);
        await Contacts.MergeAsync(supervisor, c.Id, d.Id);

        var self = () => Contacts.MergeAsync(supervisor, a.Id, a.Id);
        var twice = () => Contacts.MergeAsync(supervisor, c.Id, d.Id);
        var intoMerged = () => Contacts.MergeAsync(supervisor, d.Id, a.Id);
        var identifiers = () => Contacts.MergeAsync(supervisor, a.Id, b.Id);
        var unknown = () => Contacts.MergeAsync(supervisor, a.Id, long.MaxValue);

        (await self.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("itself");
        (await twice.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("already merged");
        (await intoMerged.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("already merged");
        (await identifiers.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("different signed-in users");
        await unknown.Should().ThrowAsync<ChatNotFoundException>();
        (await app.QueryAsync(db => db.Threads.Where(t => t.Id == thread).Select(t => t.ContactId).SingleAsync())).Should().Be(b.Id);
        (await app.QueryAsync(db => db.Contacts.Where(x => x.Id == b.Id).Select(x => x.MergedIntoId).SingleAsync())).Should().BeNull();
    }

    [Fact]
    public async Task MergeAsync_Agent_Forbidden()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var a = await app.CreateContactAsync("A");
        var b = await app.CreateContactAsync("B");

        var act = () => Contacts.MergeAsync(agent, a.Id, b.Id);

        (await act.Should().ThrowAsync<ChatForbiddenException>()).Which.Message.Should().Contain("supervisors and admins");
    }

    [Fact]
    public async Task PreviewMergeAsync_SaysWhatWouldMove()
    {
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        var survivor = await app.CreateContactAsync("Kept");
        var merged = await app.CreateContactAsync("Gone", "gone@example.com");
        await app.CreateConversationAsync(merged, agent);
        await Contacts.AddNoteAsync(agent, merged.Id, "A note");

        var preview = await app.ContactDirectory().PreviewMergeAsync(supervisor, survivor.Id, merged.Id);

        preview.Should().BeEquivalentTo(new { Conversations = 1, Notes = 1, Tokens = 0, FieldsFilled = new[] { "email" }, MergedName = "Gone" },
            o => o.ExcludingMissingMembers());
    }
}
