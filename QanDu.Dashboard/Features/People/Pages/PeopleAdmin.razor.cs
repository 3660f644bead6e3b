using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People.Components;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.People.Pages;

/// <summary>The people page: the staff list with search and filters, and every action on a person through <see cref="PeopleService"/>.</summary>
public sealed partial class PeopleAdmin
{
    private const string AnyRole = "";
    private const string AnyStatus = "";

    private IReadOnlyList<PersonView>? _people;
    private string? _search;
    private string _role = AnyRole;
    private string _status = AnyStatus;
    private string? _error;
    private string? _me;
    private IDisposable? _subscription;

    [Inject] private PeopleDirectory Directory { get; set; } = null!;
    [Inject] private PeopleService People { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;
    [Inject] private UserTime Time { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;

    private bool Filtered => !string.IsNullOrWhiteSpace(_search) || _role != AnyRole || _status != AnyStatus;

    protected override async Task OnInitializedAsync()
    {
        _me = (await CurrentUser.GetAsync()).UserId;
        // Another admin's change (or the command line's) shows here too.
        _subscription = Events.Subscribe(null, e => e is AccessChanged ? InvokeAsync(LoadAsync) : Task.CompletedTask);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        PersonStatus? status = _status == AnyStatus ? null : Enum.Parse<PersonStatus>(_status);
        _people = await Directory.ListAsync(await CurrentUser.GetAsync(), new PeopleQuery(_search, _role == AnyRole ? null : _role, status));
        StateHasChanged();
    }

    private async Task SearchChanged(string? search)
    {
        _search = search;
        await LoadAsync();
    }

    private async Task RoleChanged(string role)
    {
        _role = role;
        await LoadAsync();
    }

    private async Task StatusChanged(string status)
    {
        _status = status;
        await LoadAsync();
    }

    private static string Count(int count) => count == 1 ? "1 person" : $"{count} people";

    private async Task InviteAsync()
    {
        var dialog = await Dialogs.ShowAsync<InviteDialog>("Invite someone",
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false });
        await dialog.Result;
        await LoadAsync();
    }

    private async Task ChangeRoleAsync(PersonView person)
    {
        var parameters = new DialogParameters<RoleDialog> { { d => d.Person, person } };
        var dialog = await Dialogs.ShowAsync<RoleDialog>($"Change {person.Name}'s role", parameters,
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: string role } && role != person.Role)
            await RunAsync(caller => People.ChangeRoleAsync(caller, person.Id, role), $"{person.Name} is now {Article(role)} {role.ToLowerInvariant()}.");
    }

    private async Task RenameAsync(PersonView person)
    {
        var parameters = new DialogParameters<RenameDialog> { { d => d.Name, person.Name } };
        var dialog = await Dialogs.ShowAsync<RenameDialog>($"Rename {person.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: string name } && name != person.Name)
            await RunAsync(caller => People.RenameAsync(caller, person.Id, name), $"Renamed to {name}.");
    }

    private async Task CapacityAsync(PersonView person)
    {
        var parameters = new DialogParameters<CapacityDialog> { { d => d.Max, person.MaxOpenConversations } };
        var dialog = await Dialogs.ShowAsync<CapacityDialog>($"Max open conversations for {person.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: CapacityDialog.CapacityChoice choice } && choice.Max != person.MaxOpenConversations)
            await RunAsync(caller => People.SetCapacityAsync(caller, person.Id, choice.Max),
                choice.Max is { } max ? $"{person.Name} gets at most {max} open conversations by auto-assignment." : $"{person.Name} has no limit of open conversations.");
    }

    private async Task DeactivateAsync(PersonView person)
    {
        var assigned = person.OpenAssigned switch
        {
            0 => "",
            1 => " Their 1 open conversation goes back to Unassigned.",
            var n => $" Their {n} open conversations go back to Unassigned.",
        };
        if (await ConfirmAsync($"Deactivate {person.Name}?",
                $"{person.Name} is signed out of every browser within seconds and their API keys stop working at once.{assigned} " +
                "Pending invitation or reset links are withdrawn. What they wrote keeps their name. You can reactivate them later.",
                "Deactivate"))
            await RunAsync(caller => People.DeactivateAsync(caller, person.Id), $"{person.Name} is deactivated.");
    }

    private async Task ReactivateAsync(PersonView person)
    {
        if (await ConfirmAsync($"Reactivate {person.Name}?",
                $"{person.Name} can sign in again with their password and gets their {person.Role.ToLowerInvariant()} access back.", "Reactivate"))
            await RunAsync(caller => People.ReactivateAsync(caller, person.Id), $"{person.Name} is active again.");
    }

    private async Task ResendAsync(PersonView person) =>
        await ShowLinkAsync(person, "New invitation link",
            caller => People.ResendInvitationAsync(caller, person.Id, new Uri(Navigation.BaseUri)));

    private async Task RevokeAsync(PersonView person)
    {
        if (await ConfirmAsync($"Withdraw {person.Name}'s invitation?",
                "The link stops working at once. They stay listed as invited: resend the invitation or deactivate them.", "Withdraw"))
            await RunAsync(async caller =>
            {
                await People.RevokeInvitationAsync(caller, person.Id);
                return true;
            }, "The invitation was withdrawn.");
    }

    private async Task ResetPasswordAsync(PersonView person)
    {
        if (await ConfirmAsync($"Reset {person.Name}'s password?",
                "You get a link (valid 24 hours, works once) for them to choose a new password. Their current password keeps working until they use it; " +
                "then every session of theirs ends.", "Create link"))
            await ShowLinkAsync(person, "Password reset link",
                caller => People.CreateResetLinkAsync(caller, person.Id, new Uri(Navigation.BaseUri)));
    }

    private async Task ShowLinkAsync(PersonView person, string title, Func<ChatCaller, Task<IssuedLink>> issue)
    {
        IssuedLink? link = null;
        if (!await RunAsync(async caller => link = await issue(caller), null) || link is null)
            return;
        var parameters = new DialogParameters<LinkDialog> { { d => d.Link, link }, { d => d.Person, person } };
        await (await Dialogs.ShowAsync<LinkDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true })).Result;
    }

    private async Task<bool> RunAsync<T>(Func<ChatCaller, Task<T>> action, string? done)
    {
        _error = null;
        try
        {
            await action(await CurrentUser.GetAsync());
            if (done is not null)
                Snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (Exception e) when (e is ChatValidationException or ChatConflictException or ChatNotFoundException or ChatForbiddenException)
        {
            _error = e.Message;
            return false;
        }
        finally
        {
            await LoadAsync();
        }
    }

    private async Task<bool> ConfirmAsync(string title, string text, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, text, yesText: yes, cancelText: "Cancel") == true;

    private static string Article(string role) => role == Roles.Admin || role == Roles.Agent ? "an" : "a";

    public void Dispose() => _subscription?.Dispose();
}
