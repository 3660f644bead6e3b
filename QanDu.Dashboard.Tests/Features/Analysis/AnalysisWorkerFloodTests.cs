using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>
/// More messages than the analysis queue holds: none is skipped for good (what could not wait is analysed when the load
/// falls), and the log says how many in a few lines, not one warning per message.
/// </summary>
public sealed class AnalysisWorkerFloodTests : IDisposable
{
    private const int QueueCapacity = 8;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly LogCapture _log = new();
    private readonly DashboardFactory _app;

    public AnalysisWorkerFloodTests() => _app = new DashboardFactory
    {
        Settings =
        {
            ["Analysis:QueueCapacity"] = QueueCapacity.ToString(),
            [$"Logging:LogLevel:{typeof(AnalysisWorker).FullName}"] = "Information", // the catch-up's summary line
        },
        TestServices = _log.AddTo,
    };

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Flood_FiftyTimesTheQueue_EveryMessageAnalysedAndTheDropsLoggedAsACountInAFewLines()
    {
        var maya = await _app.CreateUserAsync("Maya Flood", Roles.Agent);
        var tom = await _app.CreateUserAsync("Tom Flood", Roles.Agent);
        var threads = new[] { await _app.CreateGroupThreadAsync(maya, "Flood A", tom), await _app.CreateGroupThreadAsync(tom, "Flood B", maya) };
        const int posts = 50 * QueueCapacity;

        await Task.WhenAll(Enumerable.Range(0, posts).Select(i => Task.Run(() => _app.Messages.PostAsync(
            i % 2 == 0 ? maya : tom, new PostMessageRequest(threads[i % 2], $"Message {i}: my invoice was charged twice, please refund it")))));

        var unanalysed = await UnanalysedAsync(threads);
        for (var deadline = DateTime.UtcNow + Wait; unanalysed > 0 && DateTime.UtcNow < deadline; unanalysed = await UnanalysedAsync(threads))
            await Task.Delay(100);
        unanalysed.Should().Be(0, "a message the queue could not hold is analysed once the load falls, not skipped");
        var workerLines = _log.From(typeof(AnalysisWorker).FullName!).Where(l => l.Level >= LogLevel.Warning).ToList();
        workerLines.Should().HaveCountLessThanOrEqualTo(3, "drops are counted per interval (Analysis:BehindLogInterval), not logged one by one");
        var counted = workerLines.Sum(l => int.Parse(System.Text.RegularExpressions.Regex.Match(l.Message, @"^Analysis fell behind: (\d+) messages? ").Groups[1].Value));
        counted.Should().BeGreaterThan(0, "the flood was more than the queue holds, and the log says how many waited");
        _log.From(typeof(AnalysisWorker).FullName!).Should().Contain(l => l.Level == LogLevel.Information && l.Message.StartsWith("Analysis caught up: "));
    }

    [Fact]
    public async Task Resync_EventsTheBusCouldNotDeliver_MessagesPostedSinceAreAnalysed()
    {
        var maya = await _app.CreateUserAsync("Maya Resync", Roles.Agent);
        var thread = await _app.CreateGroupThreadAsync(maya, "Resync", await _app.CreateUserAsync("Tom Resync", Roles.Agent));
        await _app.Messages.PostAsync(maya, new PostMessageRequest(thread, "The first message is analysed as it arrives"));
        for (var deadline = DateTime.UtcNow + Wait; await UnanalysedAsync([thread]) > 0 && DateTime.UtcNow < deadline;)
            await Task.Delay(50);
        // Stored without their events reaching the analysis, as when its subscription on the bus overflowed.
        await _app.QueryAsync(async db =>
        {
            db.Messages.AddRange(Enumerable.Range(0, 3).Select(i => new Message
            {
                ThreadId = thread, Content = $"Lost event {i}: I cannot log in to my account", SenderId = maya.UserId, SenderName = maya.DisplayName,
                SenderType = SenderType.User, Status = MessageStatus.Sent, Timestamp = DateTime.UtcNow, ClientKey = $"lost-{i}",
            }));
            return await db.SaveChangesAsync();
        });

        _app.Services.GetRequiredService<IChatEvents>().Publish(new ResyncRequired());

        var unanalysed = await UnanalysedAsync([thread]);
        for (var deadline = DateTime.UtcNow + Wait; unanalysed > 0 && DateTime.UtcNow < deadline; unanalysed = await UnanalysedAsync([thread]))
            await Task.Delay(50);
        unanalysed.Should().Be(0, "after the bus said events were lost, what was posted since the analysis last kept up is analysed");
    }

    [Fact]
    public void Start_BehindLogIntervalZero_StopsNamingTheSetting()
    {
        using var app = new DashboardFactory { Settings = { ["Analysis:BehindLogInterval"] = "00:00:00" } };

        var act = () => app.CreateClient();

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>()
            .WithMessage("*Analysis:BehindLogInterval must be between 00:00:01 and 1.00:00:00*");
    }

    private Task<int> UnanalysedAsync(long[] threads) => _app.QueryAsync(async db =>
        (await db.Messages.Where(m => threads.Contains(m.ThreadId) && m.SenderType == SenderType.User).Select(m => m.Metadata).ToListAsync())
        .Count(m => m?.Analysis is null));
}
