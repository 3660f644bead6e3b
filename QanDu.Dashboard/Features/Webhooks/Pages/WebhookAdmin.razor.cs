using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Webhooks.Pages;

/// <summary>
/// The admins' webhooks: add and edit (URL, events, secret shown once after adding), delete with confirmation, pause and
/// resume, send a test event, and each subscription's delivery log; refreshed when the dispatcher's counts change.
/// </summary>
public sealed partial class WebhookAdmin : IDisposable
{
    private IReadOnlyList<WebhookSubscriptionView>? _webhooks;
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private WebhookSubscriptionView? _editing;
    private WebhookSubscriptionView? _shownSecret;
    private string _url = "";
    private string _secret = "";
    private HashSet<string> _events = [];
    private long? _logOf;
    private int _logVersion;
    private bool _busy;
    private bool _interactive;

    [Inject] private WebhookSubscriptionService Webhooks { get; set; } = null!;
    [Inject] private WebhookDeliveryService Deliveries { get; set; } = null!;
    [Inject] private WebhookState State { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        State.Changed += OnStateChanged;
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender)
            return;
        _interactive = true;
        StateHasChanged();
    }

    private void OnStateChanged() => _ = InvokeAsync(ReloadAsync);

    private async Task ReloadAsync()
    {
        _webhooks = await Webhooks.ListAsync(await CurrentUser.GetAsync());
        StateHasChanged();
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private void Toggle(string name, bool on)
    {
        if (on)
            _events.Add(name);
        else
            _events.Remove(name);
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var request = new SaveWebhookRequest(_url, [.. _events], string.IsNullOrEmpty(_secret) ? null : _secret);
            if (_editing is { } editing)
            {
                await Webhooks.UpdateAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), editing.Id, request);
                Snackbar.Add("Webhook saved.", Severity.Success);
            }
            else
            {
                _shownSecret = await Webhooks.CreateAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), request);
                Snackbar.Add("Webhook added. Copy its signing secret to the receiver.", Severity.Success);
            }
            CancelEdit();
            await ReloadAsync();
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
        }
        finally
        {
            _busy = false;
        }
    }

    private void Edit(WebhookSubscriptionView hook)
    {
        _editing = hook;
        (_url, _secret, _events) = (hook.Url, "", [.. hook.Events]);
        _errors = new Dictionary<string, string[]>();
    }

    private void CancelEdit()
    {
        _editing = null;
        (_url, _secret, _events) = ("", "", []);
        _errors = new Dictionary<string, string[]>();
    }

    private async Task ShowSecretAsync(WebhookSubscriptionView hook) =>
        _shownSecret = await Webhooks.GetAsync(await CurrentUser.GetAsync(), hook.Id);

    private async Task TestAsync(WebhookSubscriptionView hook)
    {
        var delivery = await Deliveries.SendTestAsync(await CurrentUser.GetAsync(), hook.Id);
        Snackbar.Add($"Test event {delivery.DeliveryId} queued: see it in the deliveries.", Severity.Info);
        _logOf = hook.Id;
        _logVersion++;
    }

    private async Task ToggleLogAsync(WebhookSubscriptionView hook)
    {
        _logOf = _logOf == hook.Id ? null : hook.Id;
        _logVersion++;
        await Task.CompletedTask;
    }

    private async Task PauseAsync(WebhookSubscriptionView hook)
    {
        await Webhooks.PauseAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), hook.Id);
        await ReloadAsync();
    }

    private async Task ResumeAsync(WebhookSubscriptionView hook)
    {
        await Webhooks.ResumeAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), hook.Id);
        Snackbar.Add("Webhook resumed: what was pending is sent now.", Severity.Success);
        await ReloadAsync();
    }

    private async Task DeleteAsync(WebhookSubscriptionView hook)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete webhook?",
            $"{hook.Url} stops receiving events and its delivery log is deleted{(hook.Pending > 0 ? $"; {hook.Pending} pending delivery(ies) will not be sent" : "")}.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
            return;
        await Webhooks.DeleteAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), hook.Id);
        if (_logOf == hook.Id)
            _logOf = null;
        Snackbar.Add("Webhook deleted.", Severity.Success);
        await ReloadAsync();
    }

    private static Color StateColor(WebhookSubscriptionState state) => state switch
    {
        WebhookSubscriptionState.Active => Color.Success,
        WebhookSubscriptionState.Failing => Color.Warning,
        _ => Color.Error,
    };

    private static string StateText(WebhookSubscriptionView hook) => hook.State switch
    {
        WebhookSubscriptionState.Active => "Active",
        WebhookSubscriptionState.Failing => $"Failing ({hook.ConsecutiveFailures} in a row)",
        _ => "Paused",
    };

    public void Dispose() => State.Changed -= OnStateChanged;
}
