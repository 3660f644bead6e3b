using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Privacy;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Privacy;

/// <summary>
/// A contact's export (everything about them, nothing of anyone else) and erasure (their words and files gone from the
/// messages, the disk and the search; the team's replies kept; their widget token dead; audited without the content),
/// through the REST API as an admin would call it; both refused to everyone else.
/// </summary>
public sealed class ContactPrivacyTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Export_Admin_HoldsTheContactsConversationsNotesAndFilesAndNothingOfAnother()
    {
        var admin = await factory.CreateUserAsync("Erin Export", Roles.Admin);
        var agent = await factory.CreateUserAsync("Abe Agent", Roles.Agent);
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var ada = await factory.StartAsync("Ada Exported", "kiwiexport my order is late");
        var other = await factory.StartAsync("Bob Other", "bobsecret unrelated question");
        var upload = await factory.Files.SaveUploadAsync(ada.Customer, "order-photo.png", "image/png", null, new MemoryStream(TestFiles.Png()));
        await factory.Messages.PostAsync(ada.Customer, new PostMessageRequest(ada.ThreadId, "the photo", UploadIds: [upload.Id]));
        await factory.Messages.PostAsync(agent, new PostMessageRequest(ada.ThreadId, "We are on it."));
        await factory.Messages.PostAsync(agent, new PostMessageRequest(ada.ThreadId, "Customer sounds upset", IsPrivate: true));
        var contacts = factory.Services.GetRequiredService<ContactService>();
        await contacts.AddNoteAsync(agent, ada.ContactId, "Prefers email");
        await contacts.ReplaceAttributesAsync(agent, ada.ContactId, new Dictionary<string, string?> { ["plan"] = "Gold" });
        var token = await factory.Services.GetRequiredService<VisitorTokens>().IssueAsync(ada.ContactId, channel.Id, verified: false, CancellationToken.None);
        var client = await factory.CreateClientForAsync(admin);

        var response = await client.GetAsync($"/api/contacts/{ada.ContactId}/export");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition?.DispositionType.Should().Be("attachment", "the page's button downloads it");
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain("bobsecret").And.NotContain("Bob Other", "nothing of another contact");
        text.Should().NotContain(VisitorTokens.Hash(token)).And.NotContain(token, "widget sessions are dates only");
        var export = JsonSerializer.Deserialize<ContactExport>(text, ApiJson.Options)!;
        export.Contact.Should().BeEquivalentTo(new { Id = ada.ContactId, Name = "Ada Exported" });
        export.Contact.Attributes.Should().Equal(new Dictionary<string, string> { ["plan"] = "Gold" });
        export.Notes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Author = "Abe Agent", Content = "Prefers email" });
        export.WidgetSessions.Should().ContainSingle().Which.RevokedAt.Should().BeNull();
        var conversation = export.Conversations.Should().ContainSingle().Subject;
        conversation.Id.Should().Be(ada.ThreadId);
        conversation.Messages.Select(m => (m.From, m.Content, m.PrivateNote)).Should().Equal(
            ("contact", "kiwiexport my order is late", false),
            ("contact", "the photo", false),
            ("staff", "We are on it.", false),
            ("staff", "Customer sounds upset", true));
        var file = conversation.Messages[1].Files.Should().ContainSingle().Subject;
        file.Should().BeEquivalentTo(new { Name = "order-photo.png", MimeType = "image/png", Type = AttachmentType.Image });
        file.Size.Should().Be(TestFiles.Png().Length);
        file.Url.Should().Be($"/api/chat/files/{file.Id}");
        (await factory.QueryAsync(db => db.AuditLog.Where(a => a.Action == "contact.exported" && a.TargetId == ada.ContactId.ToString()).SingleAsync()))
            .Detail.Should().Be($"Exported contact {ada.ContactId}: 1 conversation(s), 4 message(s), 1 note(s).");
        _ = other;
    }

    [Fact]
    public async Task Erase_Admin_TombstonesTheirMessagesKeepsRepliesDeletesFilesAndRevokesTheirToken()
    {
        var admin = await factory.CreateUserAsync("Ed Eraser", Roles.Admin);
        var agent = await factory.CreateUserAsync("Ann Agent", Roles.Agent);
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (visitor, session) = await WidgetKit.VisitAsync(factory, channel);
        var first = await WidgetKit.SendAsync(visitor, "my account number is platypus4242");
        var conversationId = first.ConversationId;
        var customer = await factory.QueryAsync(db => db.Contacts.SingleAsync(c => c.Id == session.ContactId));
        await factory.Services.GetRequiredService<ContactService>().UpdateAsync(admin, customer.Id,
            new UpdateContactRequest(Name: "Priya Erasable", Email: "priya@erasable.example", Company: "Erasable Ltd"));
        var caller = ChatCaller.Visitor(customer.UserId, "Priya Erasable");
        var upload = await factory.Files.SaveUploadAsync(caller, "passport.png", "image/png", null, new MemoryStream(TestFiles.Png()));
        await factory.Messages.PostAsync(caller, new PostMessageRequest(conversationId, "scan attached", UploadIds: [upload.Id]));
        var reply = await factory.Messages.PostAsync(agent, new PostMessageRequest(conversationId, "Thanks, kangaroo team will check."));
        await factory.Services.GetRequiredService<ContactService>().AddNoteAsync(agent, customer.Id, "VIP since 2020");
        var stored = await factory.QueryAsync(db => db.Attachments.Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ThreadId == conversationId))
            .Select(a => a.StoredName).SingleAsync());
        (await visitor.GetAsync($"/api/widget/v1/messages?conversationId={conversationId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SearchIndex.MessagesWithAsync(factory, "platypus4242")).Should().BeGreaterThan(0);
        var live = factory.Expect<MessageUpdated>(conversationId);
        var client = await factory.CreateClientForAsync(admin);
        var requested = DateTime.UtcNow;

        var response = await client.PostAsync($"/api/contacts/{customer.Id}/erase", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var erased = await response.ReadAsync<ContactErasure>();
        erased.Should().BeEquivalentTo(new { AlreadyErased = false, Messages = 2, Files = 1, Notes = 1, WidgetSessions = 1, Conversations = 1 });
        var messages = await factory.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ThreadId == conversationId)
            .OrderBy(m => m.Id).Select(m => new { m.SenderId, m.SenderName, m.Content }).ToListAsync());
        messages.Where(m => m.SenderId == customer.UserId).Should().HaveCount(2)
            .And.OnlyContain(m => m.Content == Erased.MessageText && m.SenderName == Erased.ContactName);
        messages.Should().ContainSingle(m => m.SenderId == agent.UserId).Which.Content.Should().Be(reply.Message.Content, "the team's replies stay");
        (await factory.QueryAsync(db => db.Attachments.CountAsync(a => db.Messages.Any(m => m.Id == a.MessageId && m.SenderId == customer.UserId))))
            .Should().Be(0);
        File.Exists(factory.Files.PathOf(stored)).Should().BeFalse("their files are deleted");
        (await visitor.GetAsync($"/api/widget/v1/messages?conversationId={conversationId}")).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "their widget token was revoked");
        (await SearchIndex.MessagesWithAsync(factory, "platypus4242")).Should().Be(0, "the message search forgets the erased text");
        (await SearchIndex.MessagesWithAsync(factory, "passport")).Should().Be(0, "and the erased file names");
        (await SearchIndex.MessagesWithAsync(factory, "kangaroo")).Should().Be(2, "the agent's reply is still found");
        (await SearchIndex.ContactsWithAsync(factory, "Priya")).Should().Be(0, "the contact search forgets the name");
        (await SearchIndex.ContactsWithAsync(factory, "erasable")).Should().Be(0, "and the email and company");
        var contact = await factory.QueryAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.Id == customer.Id));
        contact.Should().BeEquivalentTo(new { Name = Erased.ContactName, Email = (string?)null, Company = (string?)null, LastPageUrl = (string?)null });
        contact.ErasedAt.Should().BeOnOrAfter(requested.AddSeconds(-1)).And.BeOnOrBefore(DateTime.UtcNow, "erasure is stamped when it happens");
        (await factory.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == conversationId))).Title.Should().Be(Erased.ConversationTitle,
            "a conversation's title was the customer's first words");
        var audit = await factory.QueryAsync(db => db.AuditLog.SingleAsync(a => a.Action == "contact.erased" && a.TargetId == customer.Id.ToString()));
        audit.ActorName.Should().Be("Ed Eraser");
        audit.Detail.Should().Contain("2 message(s) replaced by a tombstone, 1 file(s), 1 note(s)");
        string.Join(" ", audit.Before, audit.After, audit.Detail, audit.TargetName).Should()
            .NotContainAny("Priya", "platypus", "passport", "erasable", "VIP");
        await live.WaitAsync(Patience); // an open conversation shows the tombstone live

        var again = await (await client.PostAsync($"/api/contacts/{customer.Id}/erase", null)).ReadAsync<ContactErasure>();

        again.AlreadyErased.Should().BeTrue();
        again.Message.Should().StartWith($"Contact {customer.Id} was already erased on");
        (await factory.QueryAsync(db => db.AuditLog.CountAsync(a => a.Action == "contact.erased" && a.TargetId == customer.Id.ToString())))
            .Should().Be(1, "a second erasure changes nothing");
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task ExportAndErase_NotAnAdmin_ForbiddenAndNothingChanges(string role)
    {
        var user = await factory.CreateUserAsync($"Nate {role}", role);
        var chat = await factory.StartAsync($"Kept {role}", "stays as written");
        var client = await factory.CreateClientForAsync(user);

        var export = await client.GetAsync($"/api/contacts/{chat.ContactId}/export");
        var erase = await client.PostAsync($"/api/contacts/{chat.ContactId}/erase", null);

        export.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        erase.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await erase.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.Forbidden);
        (await factory.QueryAsync(db => db.Contacts.SingleAsync(c => c.Id == chat.ContactId))).ErasedAt.Should().BeNull();
        var service = () => factory.Services.GetRequiredService<ContactErasureService>()
            .EraseAsync(user, QanDu.Dashboard.Features.Audit.AuditActor.From(user), chat.ContactId);
        await service.Should().ThrowAsync<ChatForbiddenException>("the service refuses too, whatever the door");
    }
}
