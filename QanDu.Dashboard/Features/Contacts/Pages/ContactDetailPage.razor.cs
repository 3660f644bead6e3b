using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Contacts.Pages;

/// <summary>One contact: everything editable, the conversations the reader may see, live; supervisors and admins merge here.</summary>
public sealed partial class ContactDetailPage : IDisposable
{
    private ContactView? _contact;
    private ChatCaller _me = null!;
    private string? _error;
    private string? _mergeError;
    private bool _merging;
    private bool _interactive;
    private IDisposable? _subscription;

    [Inject] private ContactDirectory Directory { get; set; } = null!;
    [Inject] private ContactService Contacts { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Parameter] public long ContactId { get; set; }

    protected override void OnInitialized() =>
        _subscription = Events.Subscribe(null, e => e is ContactChanged changed && changed.ContactId == _contact?.Id
            ? InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); })
            : Task.CompletedTask);

    protected override async Task OnParametersSetAsync()
    {
        _me = await CurrentUser.GetAsync();
        _contact = null;
        _merging = false;
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _contact = await Directory.GetAsync(_me, ContactId);
            _error = null;
            if (_contact.Id != ContactId)
                Navigation.NavigateTo($"/contacts/{_contact.Id}", replace: true); // merged away: its survivor's page
        }
        catch (ChatNotFoundException)
        {
            _error = "This contact does not exist.";
        }
    }

    private async Task<IEnumerable<ContactListItem>> SearchOthersAsync(string? text, CancellationToken ct)
    {
        var page = await Directory.ListAsync(_me, text, 1, ct);
        return page.Items.Where(c => c.Id != _contact?.Id);
    }

    private static string Describe(ContactListItem c) =>
        string.Join(" · ", new[] { c.DisplayName, c.Email, c.Company }.Where(s => !string.IsNullOrEmpty(s)).Distinct());

    private async Task ConfirmMergeAsync(ContactListItem? other)
    {
        if (other is null || _contact is null)
            return;
        _mergeError = null;
        try
        {
            var preview = await Directory.PreviewMergeAsync(_me, _contact.Id, other.Id);
            var moves = new List<string>
            {
                Count(preview.Conversations, "conversation"),
                Count(preview.Notes, "note"),
                Count(preview.Tokens, "widget session"),
            };
            if (preview.AttributesTaken.Count > 0)
                moves.Add($"the attributes {string.Join(", ", preview.AttributesTaken)}");
            if (preview.FieldsFilled.Count > 0)
                moves.Add($"the empty fields {string.Join(", ", preview.FieldsFilled)}");
            var confirmed = await Dialogs.ShowMessageBoxAsync($"Merge {preview.MergedName} into {preview.SurvivorName}?",
                $"{string.Join(", ", moves)} move to {preview.SurvivorName}. {preview.MergedName} is then gone from contacts; "
                + "the merge is recorded in the audit log and cannot be undone here.",
                yesText: "Merge", cancelText: "Cancel");
            if (confirmed != true)
                return;
            var result = await Contacts.MergeAsync(_me, _contact.Id, other.Id, await CurrentActor.GetAsync());
            Snackbar.Add($"Merged: {Count(result.Conversations, "conversation")} and {Count(result.Notes, "note")} moved.", Severity.Success);
            _merging = false;
            Navigation.NavigateTo($"/contacts/{result.SurvivorId}");
            await LoadAsync();
        }
        catch (Exception e) when (e is ChatValidationException or ChatForbiddenException or ChatNotFoundException)
        {
            _mergeError = e.Message;
        }
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    public void Dispose() => _subscription?.Dispose();
}
