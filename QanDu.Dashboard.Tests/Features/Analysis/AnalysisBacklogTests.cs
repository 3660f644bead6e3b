using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>What the analysis queue could not hold: remembered for the catch-up, and logged as a count once per interval.</summary>
public sealed class AnalysisBacklogTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _log = new();
    private readonly ILoggerFactory _logging;
    private readonly AnalysisBacklog _backlog;

    public AnalysisBacklogTests()
    {
        _logging = LoggerFactory.Create(logging => logging.AddProvider(_log));
        _backlog = new AnalysisBacklog(Options.Create(new AnalysisOptions { QueueCapacity = 10, BehindLogInterval = TimeSpan.FromMinutes(1) }),
            _clock, _logging.CreateLogger<AnalysisWorker>());
    }

    public void Dispose() => _logging.Dispose();

    [Fact]
    public void Dropped_ThousandPostsInAnInterval_TwoLinesThatCountEveryOne()
    {
        for (var id = 5_000; id > 4_000; id--)
            _backlog.Dropped(id, edit: false);
        _backlog.LogDueIn().Should().Be(TimeSpan.FromMinutes(1), "the rest waits for the next line");

        _clock.Advance(TimeSpan.FromMinutes(1));
        _backlog.ReportIfDue();

        Counts().Should().Equal(1, 999);
        _backlog.LogDueIn().Should().BeNull("everything is logged");
        _backlog.Take().PostsFrom.Should().Be(4_001, "the catch-up starts at the oldest message put aside");
        _backlog.HasWork.Should().BeFalse();
    }

    [Fact]
    public void Dropped_MoreEditsThanTheQueueHolds_KeepsAQueuesWorthAndSaysHowManyKeepTheirAnalysis()
    {
        for (var id = 1; id <= 15; id++)
            _backlog.Dropped(id, edit: true);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _backlog.ReportIfDue();

        _backlog.Take().Edits.Should().Equal(Enumerable.Range(1, 10).Select(i => (long)i));
        Counts().Sum().Should().Be(15);
        _log.Lines[^1].Message.Should().Contain("edits keeping their earlier analysis: 5");
    }

    [Fact]
    public void Missed_TwoGapsInTheEventFeed_EachLooksAgainFromThePreviousGap()
    {
        _backlog.Started(latestId: 100);

        _backlog.Missed(lastSeenId: 250);
        _backlog.Take().PostsFrom.Should().Be(101, "all the bus dropped came after the analysis started listening");
        _backlog.Missed(lastSeenId: 400);

        _backlog.Take().PostsFrom.Should().Be(251, "all the bus dropped this time came after the previous gap was reported");
    }

    private IReadOnlyList<int> Counts() =>
        [.. _log.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => int.Parse(Regex.Match(l.Message, @"^Analysis fell behind: (\d+) ").Groups[1].Value))];
}
