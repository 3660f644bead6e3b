using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla.Pages;

/// <summary>The admins' SLA policies: list with targets and scope, create and edit in a dialog, delete with confirmation; kept live.</summary>
public sealed partial class SlaAdmin : IDisposable
{
    private IReadOnlyList<SlaPolicyView>? _policies;
    private IDisposable? _subscription;
    private string? _error;
    private bool _interactive; // the prerendered page ignores input until the circuit is connected

    [Inject] private SlaPolicyService Policies { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private ILogger<SlaAdmin> Logger { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Events.Subscribe(0, e => e is SlaPoliciesChanged or LabelsChanged or ChannelsChanged ? InvokeAsync(ReloadAsync) : Task.CompletedTask);
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private async Task ReloadAsync()
    {
        try
        {
            _policies = await Policies.ListAsync(await CurrentUser.GetAsync());
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogError(ex, "Could not load the SLA policies");
            _error = "Could not load the SLA policies. Reload the page to try again.";
        }
        StateHasChanged();
    }

    private static string Scope(SlaPolicyView p)
    {
        var parts = new List<string>();
        if (p.Priority is { } priority)
            parts.Add($"{priority} priority");
        if (p.LabelName is { } label)
            parts.Add($"label {label}");
        if (p.ChannelName is { } channel)
            parts.Add($"channel {channel}");
        return parts.Count == 0 ? "Every customer conversation" : "Conversations with " + string.Join(", ", parts);
    }

    private static IEnumerable<(string Name, int Minutes)> Targets(SlaPolicyView p)
    {
        if (p.FirstResponseMinutes is { } first)
            yield return ("First response", first);
        if (p.NextResponseMinutes is { } next)
            yield return ("Next response", next);
        if (p.ResolutionMinutes is { } resolution)
            yield return ("Resolution", resolution);
    }

    private Task CreateAsync() => OpenAsync("New SLA policy", null);

    private Task EditAsync(SlaPolicyView policy) => OpenAsync($"Edit {policy.Name}", policy);

    private async Task OpenAsync(string title, SlaPolicyView? policy)
    {
        var parameters = new DialogParameters<SlaPolicyDialog> { { d => d.Policy, policy } };
        var dialog = await Dialogs.ShowAsync<SlaPolicyDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: SlaPolicyView saved })
            Snackbar.Add($"Policy “{saved.Name}” saved.", Severity.Success);
        await ReloadAsync();
    }

    private async Task DeleteAsync(SlaPolicyView policy)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this policy?",
            $"“{policy.Name}” stops applying at once; breaches it recorded stay in the conversations and the reports. This cannot be undone.",
            yesText: "Delete policy", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            await Policies.DeleteAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), policy.Id);
            Snackbar.Add($"Policy “{policy.Name}” deleted.", Severity.Normal);
        }
        catch (ChatNotFoundException)
        {
            Snackbar.Add($"Policy “{policy.Name}” was already deleted.", Severity.Info);
        }
        await ReloadAsync();
    }

    public void Dispose() => _subscription?.Dispose();
}
