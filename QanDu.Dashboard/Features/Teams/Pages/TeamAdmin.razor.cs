using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Teams.Pages;

/// <summary>The admins' team list: create, edit (name, description, members) and delete with confirmation; kept live.</summary>
public sealed partial class TeamAdmin : IDisposable
{
    private IReadOnlyList<TeamView>? _teams;
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private IDisposable? _subscription;
    private string _name = "";
    private string _description = "";
    private bool _busy;
    private bool _interactive; // the prerendered page ignores input until the circuit is connected

    [Inject] private TeamService Teams { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [Inject] private IChatEvents Events { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _subscription = Events.Subscribe(null, e => e is TeamsChanged ? InvokeAsync(ReloadAsync) : Task.CompletedTask);
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
        _teams = await Teams.ListAsync(await CurrentUser.GetAsync());
        StateHasChanged();
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var team = await Teams.CreateAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), new SaveTeamRequest(_name, _description));
            _errors = new Dictionary<string, string[]>();
            (_name, _description) = ("", "");
            await ReloadAsync();
            Snackbar.Add($"Team “{team.Name}” added. Choose its members with Edit.", Severity.Success);
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

    private async Task EditAsync(TeamView team)
    {
        var parameters = new DialogParameters<TeamDialog> { { d => d.Team, team } };
        var dialog = await Dialogs.ShowAsync<TeamDialog>($"Edit {team.Name}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        await dialog.Result;
        await ReloadAsync();
    }

    private async Task DeleteAsync(TeamView team)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete this team?",
            $"“{team.Name}” and its membership list are deleted. Its conversations stay where they are, without a team. This cannot be undone.",
            yesText: "Delete team", cancelText: "Cancel");
        if (confirmed != true)
            return;
        try
        {
            await Teams.DeleteAsync(await CurrentUser.GetAsync(), await CurrentActor.GetAsync(), team.Id);
            Snackbar.Add($"Team “{team.Name}” deleted.", Severity.Normal);
        }
        catch (ChatNotFoundException)
        {
            Snackbar.Add($"Team “{team.Name}” was already deleted.", Severity.Info);
        }
        await ReloadAsync();
    }

    public void Dispose() => _subscription?.Dispose();
}
