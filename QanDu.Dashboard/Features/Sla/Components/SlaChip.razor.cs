using System.Globalization;
using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla.Components;

/// <summary>
/// A conversation's SLA at a glance, fed by <see cref="SlaBook"/>: the running target due first and the time left, or how
/// long ago it was breached. Ticks once a minute; re-reads on a message, a change of the conversation, a breach or a policy
/// change. Shows nothing when no target runs.
/// </summary>
public sealed partial class SlaChip : IDisposable
{
    /// <summary>Under this, the time left shows in the warning colour.</summary>
    public static readonly TimeSpan Warning = TimeSpan.FromMinutes(5);

    private SlaStatus? _status;
    private IDisposable? _threadEvents;
    private IDisposable? _policyEvents;
    private ITimer? _tick;
    private long _shownThreadId;

    [Inject] private SlaLookups Lookups { get; set; } = null!;
    [Inject] private SlaBook Book { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;
    [Inject] private ILogger<SlaChip> Logger { get; set; } = null!;

    /// <summary>The customer conversation whose SLA to show.</summary>
    [Parameter, EditorRequired] public long ThreadId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (ThreadId == _shownThreadId)
            return;
        _shownThreadId = ThreadId;
        _threadEvents?.Dispose();
        _threadEvents = Events.Subscribe(ThreadId, e => e is MessagePosted or ThreadChanged or SlaBreached ? InvokeAsync(ReloadAsync) : Task.CompletedTask);
        // Events not tied to a conversation (thread 0) include policy changes; only those are listened to, not every thread's.
        _policyEvents ??= Events.Subscribe(0, e => e is SlaPoliciesChanged or ChannelsChanged or LabelsChanged ? InvokeAsync(ReloadAsync) : Task.CompletedTask);
        _tick ??= Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        _status = await Lookups.GetAsync(ThreadId);
    }

    private async Task ReloadAsync()
    {
        try
        {
            _status = (await Book.StatusAsync([ThreadId])).GetValueOrDefault(ThreadId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not read the SLA of conversation {ThreadId}", ThreadId);
        }
        StateHasChanged();
    }

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private string State(SlaTarget target) => (target.DueAt - Now) switch
    {
        var left when left <= TimeSpan.Zero => "breached",
        var left when left <= Warning => "warning",
        _ => "running",
    };

    private string Text(SlaTarget target)
    {
        var left = target.DueAt - Now;
        if (left > TimeSpan.Zero)
            return $"{SlaText.Duration(TimeSpan.FromMinutes(Math.Ceiling(left.TotalMinutes)))} left";
        var ago = -left;
        return ago < TimeSpan.FromMinutes(1) ? "Breached just now" : $"Breached {SlaText.Duration(ago)} ago";
    }

    private string Title(SlaTarget target) =>
        $"{_status!.PolicyName}: {SlaText.Metric(target.Metric)} due {target.DueAt.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)} UTC";

    public void Dispose()
    {
        _threadEvents?.Dispose();
        _policyEvents?.Dispose();
        _tick?.Dispose();
    }
}
