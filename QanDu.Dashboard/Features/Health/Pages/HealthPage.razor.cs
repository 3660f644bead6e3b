using Microsoft.AspNetCore.Components;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Health.Pages;

/// <summary>
/// The health page for admins: every component's state and figure from <see cref="HealthReport"/>, checked again every
/// few seconds and at once when backups, webhooks or the database's writes change; the recent unhandled errors below.
/// </summary>
public sealed partial class HealthPage : IDisposable
{
    internal static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly HashSet<(DateTimeOffset, string?)> _expanded = [];
    private readonly CancellationTokenSource _closed = new();
    private HealthSnapshot? _snapshot;
    private string? _error;
    private bool _refreshing;
    private bool _interactive;
    private ITimer? _timer;

    [Inject] private HealthReport Health { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private BackupState Backups { get; set; } = null!;
    [Inject] private WebhookState Webhooks { get; set; } = null!;
    [Inject] private StorageHealth Writes { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private TimeProvider Clock { get; set; } = null!;

    /// <summary>Checks start once the page is interactive (not while prerendering, which would probe twice).</summary>
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        Backups.Changed += OnChanged;
        Webhooks.Changed += OnChanged;
        Writes.Changed += OnChanged;
        _timer = Clock.CreateTimer(_ => OnChanged(), null, TimeSpan.Zero, RefreshEvery);
    }

    private void OnChanged() => _ = InvokeAsync(RefreshAsync);

    private async Task RefreshAsync()
    {
        if (_refreshing || _closed.IsCancellationRequested)
            return;
        _refreshing = true;
        try
        {
            _snapshot = await Health.DetailsAsync(await CurrentUser.GetAsync(), _closed.Token);
            _error = null;
        }
        catch (ChatForbiddenException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = $"Could not check the components: {e.Message}";
        }
        catch (OperationCanceledException)
        {
            return; // the page closed
        }
        finally
        {
            _refreshing = false;
        }
        StateHasChanged();
    }

    private static (DateTimeOffset, string?) Key(RecordedError error) => (error.At, error.TraceId);

    private void Toggle(RecordedError error)
    {
        if (!_expanded.Remove(Key(error)))
            _expanded.Add(Key(error));
    }

    public void Dispose()
    {
        Backups.Changed -= OnChanged;
        Webhooks.Changed -= OnChanged;
        Writes.Changed -= OnChanged;
        _timer?.Dispose();
        _closed.Cancel();
        _closed.Dispose();
    }
}
