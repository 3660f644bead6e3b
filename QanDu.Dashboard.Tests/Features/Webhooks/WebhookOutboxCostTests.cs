using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>With no subscription the outbox writes nothing and the writer's posts cost what they did (a figure, printed).</summary>
public sealed class WebhookOutboxCostTests(ITestOutputHelper output)
{
    private const int Posts = 400;

    [Fact]
    public async Task NoSubscription_NothingWritten_PostsCostTheSame()
    {
        using var app = new WebhookTestApp();
        var admin = await app.AdminAsync();
        var started = await app.Factory.StartAsync("Hal Cost");

        var none = await TimePostsAsync(app, admin, started.ThreadId, "none");
        (await app.Factory.QueryAsync(db => db.WebhookDeliveries.CountAsync())).Should().Be(0, "no subscription, no outbox row");

        var unrelated = await app.SubscribeAsync(admin, WebhookEvents.CsatSubmitted);
        var other = await TimePostsAsync(app, admin, started.ThreadId, "unrelated");
        (await app.DeliveriesOfAsync(unrelated.Id)).Should().BeEmpty();

        var subscribed = await app.SubscribeAsync(admin, WebhookEvents.MessageCreated);
        var with = await TimePostsAsync(app, admin, started.ThreadId, "subscribed");
        (await app.DeliveriesOfAsync(subscribed.Id)).Should().HaveCount(Posts);

        output.WriteLine($"Webhook outbox cost, {Posts} concurrent posts through the writer: no subscription {none:F3} ms/post, " +
                         $"subscription to another event {other:F3} ms/post, subscribed to message.created {with:F3} ms/post");
    }

    private static async Task<double> TimePostsAsync(WebhookTestApp app, QanDu.Dashboard.Features.Access.ChatCaller admin, long threadId, string tag)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Posts).Select(i =>
            app.Factory.Messages.PostAsync(admin, new PostMessageRequest(threadId, $"Post {tag} {i}", $"{tag}-{i}"))));
        return watch.Elapsed.TotalMilliseconds / Posts;
    }
}
