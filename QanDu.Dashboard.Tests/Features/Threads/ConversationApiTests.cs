using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>The conversation lifecycle and private notes over REST, with the problems bad input gets back.</summary>
public sealed class ConversationApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ResolveReopenSnooze_OverRest_StatusFollows()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        var chat = await factory.StartAsync("Rest Customer");

        var resolved = await client.PostAsync($"/api/chat/threads/{chat.ThreadId}/resolve", null);
        (await resolved.ReadAsync<ThreadSummary>()).Should().BeEquivalentTo(new { Status = ThreadStatus.Archived, StatusName = "Resolved" });
        var reopened = await client.PostAsync($"/api/chat/threads/{chat.ThreadId}/reopen", null);
        (await reopened.ReadAsync<ThreadSummary>()).Status.Should().Be(ThreadStatus.Active);
        var until = DateTime.UtcNow.AddDays(1);
        var snoozed = await client.PostAsJsonAsync($"/api/chat/threads/{chat.ThreadId}/snooze", new { until }, ApiJson.Options);
        (await snoozed.ReadAsync<ThreadSummary>()).SnoozedUntil.Should().BeCloseTo(until, TimeSpan.FromMilliseconds(1));
        var untilReply = await client.PostAsync($"/api/chat/threads/{chat.ThreadId}/snooze", null);
        (await untilReply.ReadAsync<ThreadSummary>()).Should().BeEquivalentTo(new { Status = ThreadStatus.Snoozed, SnoozedUntil = (DateTime?)null });
        var pending = await client.PutAsJsonAsync($"/api/chat/thread/{chat.ThreadId}", new { status = "pending" }, ApiJson.Options);
        (await pending.ReadAsync<ThreadSummary>()).Status.Should().Be(ThreadStatus.Pending);
        var listed = await client.GetFromJsonAsync<List<ThreadSummary>>("/api/chat/threads?status=pending", ApiJson.Options);
        listed!.Select(t => t.Id).Should().Contain(chat.ThreadId);
    }

    [Fact]
    public async Task SnoozeAndStatus_BadInput_ProblemDetailsNamingTheField()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        var chat = await factory.StartAsync("Bad Rest Customer");

        var past = await client.PostAsJsonAsync($"/api/chat/threads/{chat.ThreadId}/snooze", new { until = DateTime.UtcNow.AddHours(-1) }, ApiJson.Options);
        past.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await past.ReadProblemAsync()).Errors["until"].Single().Should().StartWith("A snooze must end in the future");
        var unknown = await client.PutAsJsonAsync($"/api/chat/thread/{chat.ThreadId}", new { status = "closed" }, ApiJson.Options);
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var missing = await client.PostAsync("/api/chat/threads/987654321/resolve", null);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bulk_OverRest_SummaryAndSkips()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        var a = await factory.StartAsync("Bulk Rest A");
        var b = await factory.StartAsync("Bulk Rest B");

        var response = await client.PostAsJsonAsync("/api/chat/threads/bulk",
            new { threadIds = new[] { a.ThreadId, b.ThreadId, 987654321L }, action = "resolve" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.ReadAsync<BulkResult>();
        result.Should().BeEquivalentTo(new { Applied = 2, Summary = "2 resolved, 1 skipped: not visible" });
        var bad = await client.PostAsJsonAsync("/api/chat/threads/bulk", new { threadIds = new[] { a.ThreadId }, action = "explode" }, ApiJson.Options);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PostMessage_IsPrivateOverRest_StoredAsANote()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        var chat = await factory.StartAsync("Rest Note Customer");

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId = chat.ThreadId, content = "Called them back", isPrivate = true }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await response.ReadAsync<MessageView>()).IsPrivate.Should().BeTrue();
        (await factory.Messages.GetHistoryAsync(chat.Customer, chat.ThreadId, null, 50)).Messages.Should().NotContain(m => m.Content == "Called them back");
    }
}

/// <summary>The background waker reopens a snoozed conversation when its time comes, on the app's clock.</summary>
public sealed class SnoozeWakerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly DashboardFactory _factory;

    public SnoozeWakerTests() =>
        _factory = new DashboardFactory { TestServices = services => services.AddSingleton<TimeProvider>(_clock) };

    [Fact]
    public async Task SnoozeWaker_TimeComes_ConversationReopensWithoutAnyoneActing()
    {
        var maya = await _factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await _factory.StartAsync("Sleeping Customer");
        var lifecycle = _factory.Services.GetRequiredService<ConversationLifecycle>();
        await lifecycle.SnoozeAsync(maya, chat.ThreadId, _clock.GetUtcNow().UtcDateTime.AddHours(1));

        _clock.Advance(TimeSpan.FromMinutes(61));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        ThreadSummary thread;
        do
        {
            _clock.Advance(TimeSpan.FromSeconds(30)); // each tick of the waker's timer
            await Task.Delay(100);
            thread = await _factory.Threads.GetThreadAsync(maya, chat.ThreadId);
        }
        while (thread.Status != ThreadStatus.Active && DateTime.UtcNow < deadline);

        thread.Status.Should().Be(ThreadStatus.Active);
        (await _factory.Messages.GetHistoryAsync(maya, chat.ThreadId, null, 10)).Messages.Select(m => m.Content).Should().Contain("Reopened: the snooze ended");
    }

    public void Dispose() => _factory.Dispose();
}
