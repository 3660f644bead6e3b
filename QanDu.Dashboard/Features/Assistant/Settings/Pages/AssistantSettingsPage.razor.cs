using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Assistant.Providers;

namespace QanDu.Dashboard.Features.Assistant.Settings.Pages;

/// <summary>
/// The admin's page for the assistant's behaviour. Text fields render the value as opened (never the draft) and read
/// what is typed from oninput, so a slow circuit never writes an older value back over fresh keystrokes.
/// </summary>
public sealed partial class AssistantSettingsPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private VersionedAssistantSettings _opened = null!;
    private AssistantSettings _draft = null!;
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private HealthView? _health;
    private ChatCaller? _caller;
    private string? _conflict;
    private int _generation;
    private bool _busy;
    private bool _interactive;

    [Inject] private AssistantSettingsStore Store { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IOptions<AiOptions> Ai { get; set; } = null!;
    [Inject] private HealthCheckService Health { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private AiProviderInfo Provider => Ai.Value.Describe();

    private bool Dirty => _draft != _opened.Settings;

    private Color HealthColor => _health?.Status switch
    {
        "Healthy" => Color.Success,
        "Degraded" => Color.Warning,
        _ => Color.Error,
    };

    protected override void OnInitialized() => Open(Store.CurrentVersioned);

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentUser.GetAsync();
        if (!_caller.IsAdmin)
            return;
        try
        {
            var report = await Health.CheckHealthAsync(c => c.Name == "ai", _closed.Token);
            _health = report.Entries.TryGetValue("ai", out var entry)
                ? new HealthView(entry.Status.ToString(), entry.Description)
                : new HealthView(report.Status.ToString(), null);
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
    }

    // Set once the circuit runs the page (never while prerendering), so a browser knows when changes are heard.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && !_interactive)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private void Open(VersionedAssistantSettings opened)
    {
        _opened = opened;
        _draft = opened.Settings;
        _errors = new Dictionary<string, string[]>();
        _conflict = null;
        _generation++;
    }

    private void Set(Func<AssistantSettings, AssistantSettings> change) => _draft = change(_draft);

    private static string Text(ChangeEventArgs e) => e.Value?.ToString() ?? "";

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private void Reload() => Open(Store.CurrentVersioned);

    private async Task SaveAsync()
    {
        if (await SaveAsync(_draft))
            Snackbar.Add("Assistant settings saved. They apply now.", Severity.Success);
    }

    private async Task RestoreDefaultsAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Restore the default settings?",
            "The assistant's name, instructions, tone, language, temperature, length, features and model go back to their defaults for everyone.",
            yesText: "Restore defaults", cancelText: "Cancel");
        if (confirmed == true && await SaveAsync(new AssistantSettings()))
            Snackbar.Add("Default settings restored.", Severity.Success);
    }

    /// <summary>A link inside the app (the side menu, a thread) while there are unsaved changes: leave only when confirmed.</summary>
    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!Dirty)
            return;
        var leave = await Dialogs.ShowMessageBoxAsync("Leave without saving?",
            "Your changes to the assistant's settings are not saved. If you leave now, they are lost.",
            yesText: "Leave", cancelText: "Stay");
        if (leave != true)
            context.PreventNavigation();
    }

    private async Task<bool> SaveAsync(AssistantSettings settings)
    {
        _busy = true;
        try
        {
            Open(await Store.SaveAsync(_caller!, settings, _opened.Version, await CurrentActor.GetAsync(), _closed.Token));
            return true;
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
        }
        catch (Exception e) when (e is ChatConflictException or ChatForbiddenException)
        {
            _conflict = e.Message;
        }
        finally
        {
            _busy = false;
        }
        return false;
    }

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    private sealed record HealthView(string Status, string? Description);
}
