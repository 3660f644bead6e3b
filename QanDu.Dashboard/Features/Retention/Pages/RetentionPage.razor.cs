using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Retention.Pages;

/// <summary>The retention policy: set or turn off, dry run, run now (confirmed, with progress), and the last run.</summary>
public sealed partial class RetentionPage
{
    private RetentionView? _settings;
    private RetentionDryRun? _dryRun;
    private RetentionProgress? _progress;
    private int? _days;
    private string? _error;
    private bool _busy;
    private bool _interactive;
    private ChatCaller _me = null!;

    [Inject] private RetentionService Retention { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private string State => _settings?.ResolvedConversationDays is { } days
        ? $"resolved customer conversations are deleted {Plural(days, "day")} after they were resolved"
        : "off (everything is kept)";

    protected override async Task OnInitializedAsync()
    {
        _me = await CurrentUser.GetAsync();
        _settings = await Retention.GetAsync(_me);
        _days = _settings.ResolvedConversationDays;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private Task SaveAsync() => SetAsync(_days);

    private Task TurnOffAsync() => SetAsync(null);

    private Task SetAsync(int? days) => DoAsync(async () =>
    {
        _settings = await Retention.SetAsync(_me, await CurrentActor.GetAsync(), days);
        _days = _settings.ResolvedConversationDays;
        _dryRun = null;
        Snackbar.Add(days is null ? "Retention is off: conversations are kept." : "Retention policy saved.", Severity.Success);
    });

    /// <summary>By the number typed (saved or not), so an admin sees what a value would delete before saving it.</summary>
    private Task DryRunAsync() => DoAsync(async () => _dryRun = await Retention.DryRunAsync(_me, _days ?? _settings?.ResolvedConversationDays));

    private Task RunAsync() => DoAsync(async () =>
    {
        var plan = await Retention.DryRunAsync(_me);
        _dryRun = plan;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Run retention now?",
            $"Delete {Plural(plan.Conversations, "conversation")}, {Plural(plan.Messages, "message")} and {Plural(plan.Files, "file")}? This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        var progress = new Progress<RetentionProgress>(p => _ = InvokeAsync(() => { _progress = p; StateHasChanged(); }));
        var result = await Retention.RunAsync(_me, await CurrentActor.GetAsync(), progress);
        _progress = new RetentionProgress(result.Conversations, result.Messages, result.Files, result.Conversations);
        _settings = await Retention.GetAsync(_me);
        _dryRun = null;
        Snackbar.Add($"Deleted {Plural(result.Conversations, "conversation")}, {Plural(result.Messages, "message")} and {Plural(result.Files, "file")}.", Severity.Success);
    });

    private async Task DoAsync(Func<Task> action)
    {
        _busy = true;
        _error = null;
        try
        {
            await action();
        }
        catch (ChatValidationException e)
        {
            _error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (Exception e) when (e is ChatConflictException or ChatForbiddenException)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Plural(int n, string what) =>
        $"{n.ToString("N0", CultureInfo.InvariantCulture)} {what}{(n == 1 ? "" : "s")}";
}
