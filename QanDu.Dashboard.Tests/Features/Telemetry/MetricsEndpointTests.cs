using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Features.Integrations;
using QanDu.Dashboard.Tests.Features.Widget;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>
/// <c>/metrics</c> scraped as Prometheus does, from loopback: our <c>qandu_*</c> figures move with what people do, OTLP
/// export reaches a collector, and an unhandled API error is listed with its trace id and counted.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests(TelemetryHost host, ITestOutputHelper output) : IClassFixture<TelemetryHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Scrape_AfterPosts_MessagesPostedAndWriterHistogramsMove()
    {
        var agent = await host.Factory.CreateUserAsync("Metrics Agent", Roles.Agent);
        var colleague = await host.Factory.CreateUserAsync("Metrics Colleague", Roles.Agent);
        var threadId = await host.Factory.CreateGroupThreadAsync(agent, "Counted thread", colleague);
        var before = await host.ScrapeAsync();

        await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            host.Factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, $"Post {i}", $"metrics-{i}"))));
        using var api = await host.Factory.CreateClientForAsync(colleague);
        var rest = await api.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Posted through REST", clientKey = "metrics-rest" });
        rest.StatusCode.Should().Be(HttpStatusCode.Created, await rest.Content.ReadAsStringAsync());
        var after = await host.ScrapeAsync();
        Print(after);

        (after.Sum("qandu_messages_posted_total", ("sender", "staff")) - before.Sum("qandu_messages_posted_total", ("sender", "staff")))
            .Should().Be(6, "five posts through the service and one through REST, all by staff");
        var batches = after.Sum("qandu_writer_batch_size_count") - before.Sum("qandu_writer_batch_size_count");
        batches.Should().BeInRange(1, 6, "the six posts were committed in one to six transactions");
        (after.Sum("qandu_writer_batch_size_sum") - before.Sum("qandu_writer_batch_size_sum")).Should().Be(6, "the batches held the six posts");
        (after.Sum("qandu_writer_commit_duration_seconds_count") - before.Sum("qandu_writer_commit_duration_seconds_count"))
            .Should().Be(batches, "every transaction's commit time is measured");
        (after.Sum("qandu_writer_commit_duration_seconds_sum") - before.Sum("qandu_writer_commit_duration_seconds_sum")).Should().BePositive();
        after.Has("qandu_writer_queue").Should().BeTrue("the writer's queue depth is a gauge");
        after.Has("qandu_analysis_backlog").Should().BeTrue("the analysis backlog is a gauge");
    }

    [Fact]
    public async Task Scrape_WhileHubClientsConnected_CountsStaffAndVisitorConnections()
    {
        var agent = await host.Factory.CreateUserAsync("Hub Metrics Agent", Roles.Agent);
        var key = await host.Factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(agent.UserId, "metrics");
        var channel = await WidgetKit.CreateChannelAsync(host.Factory);
        var (_, session) = await WidgetKit.VisitAsync(host.Factory, channel);

        var staff = await HubClient.ConnectWithKeyAsync(host.BaseAddress, key.Secret);
        var visitor = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/widget"), o =>
            {
                o.Headers["Origin"] = WidgetKit.ShopOrigin;
                o.AccessTokenProvider = () => Task.FromResult<string?>(session.VisitorToken);
            })
            .Build();
        await visitor.StartAsync();
        PrometheusScrape connected;
        try
        {
            connected = await ScrapeUntilAsync(s => s.Sum("qandu_hub_connections", ("kind", "staff")) == 1
                                                    && s.Sum("qandu_hub_connections", ("kind", "visitor")) == 1);
            Print(connected);
        }
        finally
        {
            await staff.DisposeAsync();
            await visitor.DisposeAsync();
        }
        connected.Has("qandu_circuits").Should().BeTrue("open Blazor circuits are a gauge (no browser here: none open)");
        connected.Sum("qandu_circuits").Should().Be(host.Factory.Services.GetRequiredService<ConnectionCounts>().Circuits);

        var closed = await ScrapeUntilAsync(s => s.Sum("qandu_hub_connections") == 0);
        closed.Sum("qandu_hub_connections", ("kind", "staff")).Should().Be(0, "the integration disconnected");
    }

    [Fact]
    public async Task Question_ToTheOfflineAssistant_MovesAiRequestsTokensAndTimeToFirstToken()
    {
        var agent = await host.Factory.CreateUserAsync("AI Metrics Agent", Roles.Agent);
        var thread = await host.Factory.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, "Metered question", []));
        var before = await host.ScrapeAsync();

        await host.Factory.Messages.PostAsync(agent, new PostMessageRequest(thread.Id, "How do I reset my password?", "ai-metrics"));
        var deadline = DateTime.UtcNow + Wait;
        while (!await host.Factory.QueryAsync(db => db.Messages.AnyAsync(m =>
                   m.ThreadId == thread.Id && m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sent)))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the offline assistant answers within 15 s");
            await Task.Delay(50);
        }
        var after = await ScrapeUntilAsync(s => s.Sum("qandu_ai_requests_total", ("provider", "Local")) > before.Sum("qandu_ai_requests_total", ("provider", "Local")));
        Print(after);

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Moved("qandu_ai_requests_total", ("provider", "Local")).Should().BeGreaterThanOrEqualTo(1);
        Moved("qandu_ai_tokens_total", ("provider", "Local"), ("type", "input")).Should().BePositive("the question and its context were sent");
        Moved("qandu_ai_tokens_total", ("provider", "Local"), ("type", "output")).Should().BePositive("an answer was written");
        Moved("qandu_ai_time_to_first_token_seconds_count", ("provider", "Local")).Should().BeGreaterThanOrEqualTo(1);
        Moved("qandu_ai_errors_total", ("provider", "Local")).Should().Be(0);
    }

    [Fact]
    public async Task UnhandledApiException_ListedWithItsTraceIdAndCounted()
    {
        var agent = await host.Factory.CreateUserAsync("Error Agent", Roles.Agent);
        using var api = await host.Factory.CreateClientForAsync(agent);
        var errors = host.Factory.Services.GetRequiredService<RecentErrors>();
        var before = await host.ScrapeAsync();

        var response = await api.GetAsync(TelemetryHost.FailingRoute.Path);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var traceparent = problem.RootElement.GetProperty("traceId").GetString()!;
        var listed = errors.Snapshot().Where(e => e.Message == TelemetryHost.FailingRoute.Message).ToList();
        output.WriteLine($"problem traceId {traceparent}; listed: {string.Join(" | ", listed)}");
        listed.Should().ContainSingle("the handler records it and the log hook sees the same exception: once");
        listed[0].Type.Should().Be(nameof(InvalidOperationException));
        listed[0].TraceId.Should().MatchRegex("^[0-9a-f]{32}$").And.Match(id => traceparent.Contains(id!), "the id the client was given finds it");
        listed[0].Where.Should().Be($"GET {TelemetryHost.FailingRoute.Path}");
        var after = await host.ScrapeAsync();
        output.WriteLine(string.Join(Environment.NewLine, after.QanduLines.Where(l => l.StartsWith("qandu_errors", StringComparison.Ordinal))));
        (after.Sum("qandu_errors_total") - before.Sum("qandu_errors_total")).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task OtlpExport_ReachesALoopbackCollector_WithOurMetricsAndTraces()
    {
        var agent = await host.Factory.CreateUserAsync("Otlp Agent", Roles.Agent);
        var colleague = await host.Factory.CreateUserAsync("Otlp Colleague", Roles.Agent);
        var threadId = await host.Factory.CreateGroupThreadAsync(agent, "Exported thread", colleague);
        await host.Factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Exported", "otlp-1"));

        var deadline = DateTime.UtcNow + Wait;
        while (!host.Collector.Containing("/v1/metrics", "qandu.messages.posted").Any() || !host.Collector.Containing("/v1/traces", "qandu-dashboard").Any())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "metrics are exported every 0.5 s and traces in batches; received: {0}",
                string.Join(", ", host.Collector.Received.Select(r => $"{r.Path} {r.Body.Length} B")));
            await Task.Delay(100);
        }
        var metrics = host.Collector.Containing("/v1/metrics", "qandu.messages.posted").First();
        output.WriteLine($"OTLP requests received: {string.Join(", ", host.Collector.Received.GroupBy(r => r.Path).Select(g => $"{g.Key} ×{g.Count()}"))}");
        output.WriteLine($"a /v1/metrics body of {metrics.Body.Length} bytes ({metrics.ContentType}) holds qandu.messages.posted, qandu.writer.batch.size: "
                         + host.Collector.Containing("/v1/metrics", "qandu.writer.batch.size").Any());
        metrics.ContentType.Should().Be("application/x-protobuf");
    }

    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var scrape = await host.ScrapeAsync();
            if (done(scrape))
                return scrape;
            if (DateTime.UtcNow > deadline)
            {
                Print(scrape);
                throw new TimeoutException("The scraped figures did not reach the expected values within 15 s (printed above).");
            }
            await Task.Delay(100);
        }
    }

    private void Print(PrometheusScrape scrape) => output.WriteLine(string.Join(Environment.NewLine, scrape.QanduLines));
}
