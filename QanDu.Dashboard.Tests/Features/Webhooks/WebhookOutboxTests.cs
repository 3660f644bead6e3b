using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

public sealed class WebhookOutboxFixture : IDisposable
{
    public WebhookTestApp App { get; } = new();

    public void Dispose() => App.Dispose();
}

/// <summary>Each change writes one delivery per subscription that wants it, in the change's own transaction, in the REST API's shapes.</summary>
public sealed class WebhookOutboxTests(WebhookOutboxFixture fixture) : IClassFixture<WebhookOutboxFixture>
{
    private WebhookTestApp App => fixture.App;
    private DashboardFactory Factory => App.Factory;

    private static JsonNode Body(WebhookDelivery d) => JsonNode.Parse(d.Payload)!;

    private async Task<List<WebhookDelivery>> OfAsync(long subscriptionId, string @event) =>
        [.. (await App.DeliveriesOfAsync(subscriptionId)).Where(d => d.Event == @event)];

    [Fact]
    public async Task ConversationStarted_SubscribedSubscriptionsOnly_OneDeliveryPerEvent()
    {
        var admin = await App.AdminAsync();
        var all = await App.SubscribeAsync(admin, WebhookEvents.ConversationCreated, WebhookEvents.MessageCreated, WebhookEvents.ContactCreated);
        var other = await App.SubscribeAsync(admin, WebhookEvents.ContactUpdated);

        var started = await Factory.StartAsync("Ada Outbox", "Where is my order?");

        var created = await OfAsync(all.Id, WebhookEvents.ConversationCreated);
        created.Should().ContainSingle(d => Body(d)["data"]!["id"]!.GetValue<long>() == started.ThreadId);
        (await OfAsync(all.Id, WebhookEvents.ContactCreated)).Should().ContainSingle(d => Body(d)["data"]!["id"]!.GetValue<long>() == started.ContactId);
        var message = (await OfAsync(all.Id, WebhookEvents.MessageCreated)).Where(d => Body(d)["data"]!["threadId"]!.GetValue<long>() == started.ThreadId).ToList();
        message.Should().ContainSingle();
        Body(message[0])["data"]!["content"]!.GetValue<string>().Should().Be("Where is my order?");
        Body(message[0])["id"]!.GetValue<Guid>().Should().Be(message[0].DeliveryId);
        Body(message[0])["event"]!.GetValue<string>().Should().Be("message.created");
        (await App.DeliveriesOfAsync(other.Id)).Should().BeEmpty("the other subscription wants only contact.updated");
    }

    [Fact]
    public async Task StatusAssigneeAndRating_EachReportedOnce_WithWhatChanged()
    {
        var admin = await App.AdminAsync();
        var agent = await Factory.CreateUserAsync("Outbox agent", Roles.Agent);
        var sub = await App.SubscribeAsync(admin, WebhookEvents.ConversationStatusChanged, WebhookEvents.ConversationAssigned, WebhookEvents.CsatSubmitted);
        var started = await Factory.StartAsync("Bea Outbox");

        await Factory.Threads.UpdateThreadAsync(admin, started.ThreadId, new UpdateThreadRequest(AssigneeId: agent.UserId));
        await Factory.Threads.UpdateThreadAsync(admin, started.ThreadId, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        var visitor = new Visitor(started.ContactId, 0, started.Customer.UserId, "Bea Outbox", "token", false);
        await Factory.Services.GetRequiredService<QanDu.Dashboard.Features.Widget.CustomerConversations>().RateAsync(visitor, started.ThreadId, 4, "Quick");

        var assigned = (await OfAsync(sub.Id, WebhookEvents.ConversationAssigned)).Should().ContainSingle().Subject;
        Body(assigned)["changes"]!["assigneeId"]!["to"]!.GetValue<string>().Should().Be(agent.UserId);
        Body(assigned)["data"]!["assigneeName"]!.GetValue<string>().Should().Be("Outbox agent");
        var status = (await OfAsync(sub.Id, WebhookEvents.ConversationStatusChanged)).Should().ContainSingle().Subject;
        Body(status)["changes"]!["status"]!["from"]!.GetValue<string>().Should().Be("active");
        Body(status)["changes"]!["status"]!["to"]!.GetValue<string>().Should().Be("archived");
        var csat = (await OfAsync(sub.Id, WebhookEvents.CsatSubmitted)).Should().ContainSingle().Subject;
        Body(csat)["data"]!["rating"]!.GetValue<int>().Should().Be(4);
        Body(csat)["data"]!["ratingComment"]!.GetValue<string>().Should().Be("Quick");
    }

    [Fact]
    public async Task EditAndDelete_MessageUpdated_PrivateNotesAndSystemLinesNeverSent()
    {
        var admin = await App.AdminAsync();
        var sub = await App.SubscribeAsync(admin, WebhookEvents.MessageCreated, WebhookEvents.MessageUpdated);
        var started = await Factory.StartAsync("Cid Outbox", "First words");
        var reply = (await Factory.Messages.PostAsync(admin, new PostMessageRequest(started.ThreadId, "Hello Cid"))).Message;
        await Factory.Messages.PostAsync(admin, new PostMessageRequest(started.ThreadId, "Internal: VIP customer", IsPrivate: true));

        await Factory.Edits.EditAsync(admin, reply.Id, "Hello Cid, how can I help?");
        await Factory.Edits.DeleteAsync(admin, reply.Id);

        var created = (await OfAsync(sub.Id, WebhookEvents.MessageCreated)).Select(d => Body(d)["data"]!["content"]!.GetValue<string>()).ToList();
        created.Should().BeEquivalentTo(["First words", "Hello Cid"], "the private note is not sent");
        var updated = await OfAsync(sub.Id, WebhookEvents.MessageUpdated);
        updated.Should().HaveCount(2);
        Body(updated[0])["changes"]!["content"]!["to"]!.GetValue<string>().Should().Be("Hello Cid, how can I help?");
        Body(updated[1])["changes"]!["deleted"]!.GetValue<bool>().Should().BeTrue();
        Body(updated[1])["data"]!["deleted"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task ContactDetailsChanged_ContactUpdated_VisitsAreNot()
    {
        var admin = await App.AdminAsync();
        var sub = await App.SubscribeAsync(admin, WebhookEvents.ContactUpdated);
        var started = await Factory.StartAsync("Dee Outbox");
        var contacts = Factory.Services.GetRequiredService<ContactService>();

        await contacts.UpdateAsync(admin, started.ContactId, new UpdateContactRequest(Name: "Dee Outbox", Email: "dee@example.com"));
        await contacts.TouchAsync(started.ContactId);

        var updated = (await OfAsync(sub.Id, WebhookEvents.ContactUpdated)).Should().ContainSingle().Subject;
        Body(updated)["changes"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).Should().Equal("email");
        Body(updated)["data"]!["email"]!.GetValue<string>().Should().Be("dee@example.com");
    }

    [Fact]
    public async Task Bodies_AreTheRestApiShapes()
    {
        var admin = await App.AdminAsync();
        var agent = await Factory.CreateUserAsync("Shape agent", Roles.Agent);
        var sub = await App.SubscribeAsync(admin, WebhookEvents.MessageCreated, WebhookEvents.ConversationAssigned, WebhookEvents.ContactUpdated);
        var started = await Factory.StartAsync("Eve Shapes");
        var client = await Factory.CreateClientForAsync(admin);

        var posted = await (await client.PostAsJsonAsync("/api/chat/message", new { threadId = started.ThreadId, content = "Shaped **reply**", clientKey = "shape-1" }))
            .Content.ReadFromJsonAsync<JsonNode>();
        var thread = await (await client.PutAsJsonAsync($"/api/chat/thread/{started.ThreadId}", new { assigneeId = agent.UserId }))
            .Content.ReadFromJsonAsync<JsonNode>();
        var contact = await (await client.PutAsJsonAsync($"/api/contacts/{started.ContactId}", new { name = "Eve Shapes", company = "Shapes Ltd" }))
            .Content.ReadFromJsonAsync<JsonNode>();

        var message = (await OfAsync(sub.Id, WebhookEvents.MessageCreated)).Single(d => Body(d)["data"]!["clientKey"]?.GetValue<string>() == "shape-1");
        JsonNode.DeepEquals(Body(message)["data"], posted).Should().BeTrue($"{Body(message)["data"]} equals {posted}");
        var assigned = Body((await OfAsync(sub.Id, WebhookEvents.ConversationAssigned)).Single())["data"]!.AsObject();
        foreach (var perReader in new[] { "unreadCount", "displayTitle" })
        {
            assigned.Remove(perReader);
            thread!.AsObject().Remove(perReader);
        }
        JsonNode.DeepEquals(assigned, thread).Should().BeTrue($"{assigned} equals {thread}");
        var updated = Body((await OfAsync(sub.Id, WebhookEvents.ContactUpdated)).Single())["data"];
        JsonNode.DeepEquals(updated, contact).Should().BeTrue($"{updated} equals {contact}");
    }

    [Fact]
    public async Task FailedOrRolledBackCommit_LeavesNoDelivery()
    {
        var admin = await App.AdminAsync();
        var sub = await App.SubscribeAsync(admin, WebhookEvents.ConversationCreated);
        var started = await Factory.StartAsync("Fay Rollback", firstMessage: null);
        var before = (await App.DeliveriesOfAsync(sub.Id)).Count;
        var dbFactory = Factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        ChatThread Conversation(string? assignee = null) => new()
        {
            Type = ThreadType.Group, ContactId = started.ContactId, AssigneeId = assignee, CreatedById = started.Customer.UserId,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Threads.Add(Conversation(assignee: "no-such-user")); // the foreign key refuses the commit
            var save = () => db.SaveChangesAsync();
            await save.Should().ThrowAsync<DbUpdateException>();
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Threads.Add(Conversation());
            await db.SaveChangesAsync();
            (await db.WebhookDeliveries.CountAsync(d => d.SubscriptionId == sub.Id)).Should().Be(before + 1, "the row is in the change's transaction");
            await transaction.RollbackAsync();
        }
        (await App.DeliveriesOfAsync(sub.Id)).Should().HaveCount(before, "nothing committed, nothing to send");

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Threads.Add(Conversation());
            await db.SaveChangesAsync();
        }
        (await App.DeliveriesOfAsync(sub.Id)).Should().HaveCount(before + 1, "a committed conversation is reported");
    }

    [Fact]
    public async Task PausedSubscription_GetsNothingNew()
    {
        var admin = await App.AdminAsync();
        var sub = await App.SubscribeAsync(admin, WebhookEvents.ContactCreated);
        await App.Subscriptions.PauseAsync(admin, QanDu.Dashboard.Features.Audit.AuditActor.From(admin), sub.Id);

        await Factory.StartAsync("Gus Paused");

        (await App.DeliveriesOfAsync(sub.Id)).Should().BeEmpty();
    }
}
