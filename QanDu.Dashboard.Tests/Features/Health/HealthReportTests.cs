using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Health;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Health;

/// <summary>
/// The health report on the whole app and a real SQLite file: each component's state and figure as the admin sees it,
/// with the database made unwritable (full, read-only), backups missing or failed, and errors recorded.
/// </summary>
public sealed class HealthReportTests : IDisposable
{
    private readonly DiskFullSwitch _disk = new();
    private readonly ReadOnlySwitch _readOnly = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly DashboardFactory _app;
    private readonly ChatCaller _admin = ChatCaller.ForRoles("admin-id", "Admin", [Roles.Admin]);

    public HealthReportTests() => _app = new DashboardFactory
    {
        TestServices = services =>
        {
            _disk.AddTo(services);
            _readOnly.AddTo(services);
            services.AddSingleton<TimeProvider>(_clock);
        },
    };

    public void Dispose() => _app.Dispose();

    private HealthReport Report => _app.Services.GetRequiredService<HealthReport>();

    [Fact]
    public async Task Database_Writable_HealthyAndTheProbeLeavesOnlyItsOneRow()
    {
        var snapshot = await FreshAsync();

        var database = Component(snapshot, "database");
        database.State.Should().Be(HealthState.Healthy);
        database.Figure.Should().StartWith("A test write committed in ").And.Contain("the database takes");
        var rows = await _app.QueryAsync(db => db.HealthProbes.AsNoTracking().ToListAsync());
        rows.Should().ContainSingle().Which.Should().Match<HealthProbe>(p => p.Id == 1 && p.Padding == null);
        rows[0].CheckedAt.Should().BeCloseTo(_clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Database_DiskFull_UnhealthyNamingTheFullDiskUntilAWriteSucceeds()
    {
        await FreshAsync();
        _disk.Full = true;
        var full = await FreshAsync();
        _disk.Full = false;
        var recovered = await FreshAsync();

        var database = Component(full, "database");
        database.State.Should().Be(HealthState.Unhealthy);
        database.Figure.Should().Be("A test write was refused: the disk is full.");
        database.Action.Should().Contain("Free space on the disk");
        full.Status.Should().Be(HealthState.Unhealthy);
        Component(recovered, "database").State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public async Task Database_ReadOnly_UnhealthyNamingTheReadOnlyFile()
    {
        await FreshAsync(); // the app starts (and migrates) before its database turns read-only
        _readOnly.ReadOnly = true;
        var readOnly = await FreshAsync();
        _readOnly.ReadOnly = false;
        var recovered = await FreshAsync();

        Component(readOnly, "database").Should().Match<HealthComponent>(c =>
            c.State == HealthState.Unhealthy && c.Figure == "A test write was refused: the database file is read-only.");
        Component(recovered, "database").State.Should().Be(HealthState.Healthy);
    }

    [Fact]
    public async Task Backup_NoneYet_HealthyWhileTheFirstIsScheduled_DegradedWhenNoneIs()
    {
        var scheduled = Component(await FreshAsync(), "backup");
        var state = _app.Services.GetRequiredService<BackupState>();
        var before = state.Current;
        state.Set(BackupHealth.None);
        var unscheduled = Component(await FreshAsync(), "backup");
        state.Set(before);

        scheduled.State.Should().Be(HealthState.Healthy, "a fresh install waits for its first scheduled backup");
        scheduled.Figure.Should().StartWith("No backup yet: the first is scheduled for");
        unscheduled.State.Should().Be(HealthState.Degraded);
        unscheduled.Figure.Should().StartWith("No backup yet, and none is scheduled");
        unscheduled.Action.Should().Contain("Run a backup now");
    }

    [Fact]
    public async Task Backup_LastOneFailed_UnhealthyWithTheError()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var ok = new BackupRecord { StartedAt = now.AddDays(-1).AddMinutes(-1), FinishedAt = now.AddDays(-1), Verified = true, SizeBytes = 5_000_000 };
        var failed = new BackupRecord { StartedAt = now.AddHours(-1), Error = "the backup folder /mnt/backups is read-only" };
        var state = _app.Services.GetRequiredService<BackupState>();

        state.Set(new BackupHealth(ok, failed, null, null));
        var afterFailure = Component(await FreshAsync(), "backup");
        state.Set(new BackupHealth(ok, null, null, null));
        var afterSuccess = Component(await FreshAsync(), "backup");

        afterFailure.State.Should().Be(HealthState.Unhealthy);
        afterFailure.Figure.Should().Contain("The last backup failed at").And.Contain("the backup folder /mnt/backups is read-only");
        afterSuccess.State.Should().Be(HealthState.Healthy);
        afterSuccess.Figure.Should().StartWith("Verified backup 24 h ago").And.Contain("4.8 MB");
    }

    [Fact]
    public async Task Webhooks_PausedSubscription_DegradedWithTheBacklog()
    {
        // Real rows, counted by the real dispatcher: a paused subscription holding 12 deliveries queued 20 minutes ago, and
        // another whose last attempts failed.
        var now = _clock.GetUtcNow().UtcDateTime;
        await _app.QueryAsync(async db =>
        {
            var paused = new WebhookSubscription { Url = "https://hooks.example.com/paused", Events = ["message.created"], Secret = "paused-secret-0123456789",
                PausedAt = now, PauseReason = "10 failed attempts", ConsecutiveFailures = 10, CreatedAt = now, UpdatedAt = now };
            db.WebhookSubscriptions.AddRange(paused, new WebhookSubscription { Url = "https://hooks.example.com/failing", Events = ["message.created"],
                Secret = "failing-secret-0123456789", ConsecutiveFailures = 3, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, 12).Select(_ => new WebhookDelivery
            {
                DeliveryId = Guid.NewGuid(), SubscriptionId = paused.Id, Event = "message.created", Payload = "{}", CreatedAt = now.AddMinutes(-20),
                NextAttemptAt = now, Status = WebhookDeliveryStatus.Pending,
            }));
            return await db.SaveChangesAsync();
        });
        var state = _app.Services.GetRequiredService<WebhookState>();
        for (var i = 0; i < 100 && state.Current.Pending != 12; i++)
        {
            _app.Services.GetRequiredService<WebhookSignal>().Wake();
            await Task.Delay(50);
        }

        var webhooks = Component(await FreshAsync(), "webhooks");

        webhooks.State.Should().Be(HealthState.Degraded);
        webhooks.Figure.Should().Be("12 deliveries waiting (the oldest for 20 min); 1 subscription failing, 1 paused.");
    }

    [Fact]
    public async Task Errors_Recorded_ListedNewestFirstWithTraceIdsAndDegradedWhileRecent()
    {
        var errors = _app.Services.GetRequiredService<RecentErrors>();
        errors.Record(new InvalidOperationException("first failure"), "trace-1", "POST /api/chat/message");
        _clock.Advance(TimeSpan.FromSeconds(1));
        errors.Record(new TimeoutException("second failure"), "trace-2", "circuit");

        var snapshot = await FreshAsync();
        _clock.Advance(TimeSpan.FromMinutes(16));
        var later = Component(await FreshAsync(), "errors");

        snapshot.Errors.Select(e => (e.Type, e.Message, e.TraceId)).Should().Equal(
            ("TimeoutException", "second failure", "trace-2"), ("InvalidOperationException", "first failure", "trace-1"));
        snapshot.ErrorsTotal.Should().Be(2);
        Component(snapshot, "errors").Should().Match<HealthComponent>(c => c.State == HealthState.Degraded && c.Figure.StartsWith("2 since start"));
        later.State.Should().Be(HealthState.Healthy, "an error 16 minutes ago is history, still listed");
    }

    [Fact]
    public async Task Snapshot_EveryComponentWithItsFigure()
    {
        var snapshot = await FreshAsync();

        snapshot.Components.Select(c => c.Key).Should().Equal(
            "database", "disk", "writer", "analysis", "ai", "webhooks", "backup", "connections", "memory", "errors");
        Component(snapshot, "writer").Figure.Should().StartWith("0 posts waiting to be written;");
        Component(snapshot, "analysis").Figure.Should().StartWith("0 messages waiting (the queue holds 10,000)");
        Component(snapshot, "ai").Figure.Should().Contain("built-in offline assistant");
        Component(snapshot, "memory").Figure.Should().StartWith("Working set ");
        Component(snapshot, "disk").Figure.Should().Contain("free of").And.Contain(_app.DataFolder);
        snapshot.Version.Should().NotBeNullOrWhiteSpace().And.NotBe("unknown");
    }

    [Fact]
    public async Task Details_NotAnAdmin_Forbidden()
    {
        var agent = ChatCaller.ForRoles("agent-id", "Agent", [Roles.Agent]);

        await Report.Invoking(r => r.DetailsAsync(agent, default)).Should().ThrowAsync<ChatForbiddenException>();
    }

    /// <summary>A report with a new database probe (the probe's answer is kept for a few seconds).</summary>
    private async Task<HealthSnapshot> FreshAsync()
    {
        _clock.Advance(TimeSpan.FromSeconds(10));
        return await Report.DetailsAsync(_admin, default);
    }

    private static HealthComponent Component(HealthSnapshot snapshot, string key) => snapshot.Components.Single(c => c.Key == key);
}
