using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Monitoring.Pages;

/// <summary>
/// The live board: renders the shared <see cref="LiveBoard"/> snapshot as it changes, and ticks wait times each second
/// of the app's clock. Reassigning calls ThreadService.AssignAsync as the supervisor.
/// </summary>
public sealed partial class MonitorPage : IDisposable
{
    private BoardSnapshot _board = BoardSnapshot.Empty;
    private DateTime _now;
    private string? _error;
    private int _tab;
    private IDisposable? _subscription;
    private ITimer? _ticker;

    [Inject] private LiveBoard Board { get; set; } = null!;
    [Inject] private ThreadService Threads { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    public static string ConversationLink(long threadId) => $"/monitor/conversations/{threadId}";

    protected override async Task OnInitializedAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        try
        {
            var caller = await CurrentUser.GetAsync();
            _subscription = await Board.SubscribeAsync(caller, snapshot => InvokeAsync(() =>
            {
                _board = snapshot;
                _now = Clock.GetUtcNow().UtcDateTime;
                StateHasChanged();
            }));
            _board = Board.Current;
        }
        catch (ChatForbiddenException e)
        {
            _error = e.Message;
        }
        // Wait times tick on the app's clock (a test's fake clock moves them when it advances).
        _ticker = Clock.CreateTimer(_ => _ = InvokeAsync(() =>
        {
            _now = Clock.GetUtcNow().UtcDateTime;
            StateHasChanged();
        }), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task AssignAsync((long ThreadId, string UserId, string Name) choice)
    {
        try
        {
            await Threads.AssignAsync(await CurrentUser.GetAsync(), choice.ThreadId, choice.UserId);
            Snackbar.Add($"Assigned to {choice.Name}.", Severity.Success);
        }
        catch (Exception e) when (e is ChatValidationException or ChatNotFoundException or ChatForbiddenException)
        {
            Snackbar.Add($"Could not assign: {e.Message}", Severity.Error);
        }
    }

    internal static string QueueKey(QueueState state) => state switch
    {
        QueueState.WaitingFirstReply => "first-reply",
        QueueState.WaitingNextReply => "next-reply",
        QueueState.WaitingOnCustomer => "on-customer",
        QueueState.WithAssistant => "assistant",
        _ => "snoozed",
    };

    internal static string QueueTitle(QueueState state) => state switch
    {
        QueueState.WaitingFirstReply => "Waiting for a first reply",
        QueueState.WaitingNextReply => "Waiting for a reply",
        QueueState.WaitingOnCustomer => "Waiting on the customer",
        QueueState.WithAssistant => "With the assistant",
        _ => "Snoozed",
    };

    private static string QueueEmpty(QueueState state) => state switch
    {
        QueueState.WaitingFirstReply => "No customer is waiting for a first reply.",
        QueueState.WaitingNextReply => "No customer is waiting for a reply.",
        QueueState.WaitingOnCustomer => "No conversation is waiting on its customer.",
        QueueState.WithAssistant => "The assistant is not answering anyone right now.",
        _ => "No conversation is snoozed.",
    };

    /// <summary>A wait or a span as people read it: 45s, 3m 12s, 1h 04m, 2d 3h.</summary>
    internal static string Wait(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
            : $"{(int)span.TotalSeconds}s";
    }

    private static string Duration(TimeSpan? span) => span is { } s ? Wait(s) : "—";

    private static string Csat(double? average, int count) => average is { } a ? $"{a:0.0} / 5 ({count})" : "—";

    private static string Load(BoardAgentRow agent) => agent.Capacity is { } capacity ? $"{agent.Open} / {capacity}" : $"{agent.Open}";

    private static Color PresenceColor(PresenceStatus presence) => presence switch
    {
        PresenceStatus.Online => Color.Success,
        PresenceStatus.Away => Color.Warning,
        PresenceStatus.Busy => Color.Error,
        _ => Color.Default,
    };

    public void Dispose()
    {
        _ticker?.Dispose();
        _subscription?.Dispose();
    }
}
