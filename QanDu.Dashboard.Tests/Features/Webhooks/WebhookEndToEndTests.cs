using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// The whole path with the real parts: changes made through the app's services, the outbox, the dispatcher and the real
/// signed, SSRF-safe sender, to a Kestrel receiver on 127.0.0.1 (allowed by an admin), which checks every signature.
/// </summary>
public sealed class WebhookEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly DashboardFactory _factory = new() { Settings = { ["Analysis:Enabled"] = "false", ["Webhooks:PollSeconds"] = "1" } };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task EveryEventType_ReachesAnAllowedLoopbackReceiver_OnceAndSigned()
    {
        await using var receiver = await WebhookReceiver.StartAsync("an end-to-end secret of enough length");
        var admin = await _factory.CreateUserAsync("Webhook end-to-end admin", Roles.Admin);
        var agent = await _factory.CreateUserAsync("Webhook end-to-end agent", Roles.Agent);
        await _factory.Services.GetRequiredService<WebhookAllowList>().AddAsync(admin, new AddAllowedHostRequest("127.0.0.1"));
        await _factory.Services.GetRequiredService<WebhookSubscriptionService>().CreateAsync(admin, AuditActor.From(admin),
            new SaveWebhookRequest(new Uri(receiver.Root, "/hooks").ToString(), WebhookEvents.All.ToList(), receiver.Secret));

        // One of each event: created (conversation, contact, message), assigned, message edited, contact updated, resolved, rated.
        var started = await _factory.StartAsync("Ada End-to-end", "Where is my parcel?");
        await _factory.Threads.UpdateThreadAsync(admin, started.ThreadId, new UpdateThreadRequest(AssigneeId: agent.UserId));
        var firstMessage = await _factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == started.ThreadId && m.SenderId == started.Customer.UserId)
            .Select(m => m.Id).SingleAsync());
        await _factory.Edits.EditAsync(started.Customer, firstMessage, "Where is my parcel, please?");
        await _factory.Services.GetRequiredService<ContactService>().UpdateAsync(admin, started.ContactId,
            new UpdateContactRequest(Name: "Ada End-to-end", Email: "ada@example.com"));
        await _factory.Threads.UpdateThreadAsync(admin, started.ThreadId, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        var visitor = new Visitor(started.ContactId, 0, started.Customer.UserId, "Ada End-to-end", "token", false);
        await _factory.Services.GetRequiredService<QanDu.Dashboard.Features.Widget.CustomerConversations>().RateAsync(visitor, started.ThreadId, 5, "Great");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Received.Select(r => r.Headers.GetValueOrDefault("X-QanDu-Event")).Distinct().Count() < WebhookEvents.All.Count && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        await Task.Delay(1500); // anything sent twice would arrive meanwhile

        var received = receiver.Received.ToList();
        foreach (var r in received)
            output.WriteLine($"{r.Headers.GetValueOrDefault("X-QanDu-Event"),-28} {r.Headers.GetValueOrDefault("X-QanDu-Delivery")} signature valid: {r.SignatureValid}");
        received.Select(r => r.Headers["X-QanDu-Event"]).Should().BeEquivalentTo(WebhookEvents.All, "every event type arrives exactly once");
        received.Should().OnlyContain(r => r.SignatureValid, "each delivery is signed with the subscription's secret");
        received.Select(r => r.Headers["X-QanDu-Delivery"]).Should().OnlyHaveUniqueItems();
        received.Should().OnlyContain(r => r.Path == "/hooks");
        foreach (var r in received)
        {
            var body = JsonNode.Parse(r.Body)!;
            body["event"]!.GetValue<string>().Should().Be(r.Headers["X-QanDu-Event"]);
            body["id"]!.GetValue<Guid>().ToString().Should().Be(r.Headers["X-QanDu-Delivery"]);
        }
        JsonNode.Parse(received.Single(r => r.Headers["X-QanDu-Event"] == WebhookEvents.CsatSubmitted).Body)!["data"]!["rating"]!.GetValue<int>().Should().Be(5);
    }
}
