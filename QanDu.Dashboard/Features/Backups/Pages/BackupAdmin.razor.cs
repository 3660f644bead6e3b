using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Features.Backups.Pages;

/// <summary>The admins' backups: the list with results, run now with its progress, downloads, the schedule and retention; kept live.</summary>
public sealed partial class BackupAdmin : IDisposable
{
    private static readonly BackupPhase[] Phases = [BackupPhase.CopyingDatabase, BackupPhase.Checking, BackupPhase.AddingFiles, BackupPhase.Verifying, BackupPhase.Done];

    private BackupsOverview? _overview;
    private bool _interactive; // the prerendered page ignores input until the circuit is connected
    private long? _started;

    [Inject] private BackupCatalog Catalog { get; set; } = null!;
    [Inject] private BackupRunner Runner { get; set; } = null!;
    [Inject] private BackupState State { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        Runner.ProgressChanged += OnChanged;
        State.Changed += OnChanged;
        Time.Changed += OnChanged;
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private async Task ReloadAsync() => _overview = await Catalog.OverviewAsync(await CurrentUser.GetAsync());

    // Progress comes from the backup's own thread: re-read and render on the circuit's.
    private void OnChanged() => InvokeAsync(async () =>
    {
        await ReloadAsync();
        if (_started is { } id && Runner.Running is null && _overview?.Backups.FirstOrDefault(b => b.Id == id) is { Status: not BackupStatus.Running } done)
        {
            _started = null;
            Snackbar.Add(done.Status == BackupStatus.Failed ? $"The backup failed: {done.Error}" : $"Backup verified ({done.Size}).",
                done.Status == BackupStatus.Failed ? Severity.Error : Severity.Success);
        }
        StateHasChanged();
    });

    private async Task RunNowAsync()
    {
        try
        {
            _started = await Runner.StartNowAsync(await CurrentUser.GetAsync());
        }
        catch (ChatConflictException e)
        {
            Snackbar.Add(e.Message, Severity.Warning);
        }
        await ReloadAsync();
    }

    private static string PhaseText(BackupPhase? phase) => phase switch
    {
        null => "starting",
        BackupPhase.CopyingDatabase => "copying the database",
        BackupPhase.Checking => "checking the copy (integrity_check)",
        BackupPhase.AddingFiles => "adding uploaded files and sign-in keys",
        BackupPhase.Verifying => "verifying every file against its checksum",
        _ => "done",
    };

    private static int Step(BackupPhase? phase) => phase is { } p ? Array.IndexOf(Phases, p) + 1 : 0;

    private static string Days(int n) => n == 1 ? "day" : $"{n} days";

    private static string Weeks(int n) => n == 1 ? "week" : $"{n} weeks";

    public void Dispose()
    {
        Runner.ProgressChanged -= OnChanged;
        State.Changed -= OnChanged;
        Time.Changed -= OnChanged;
    }
}
