using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Users;

namespace QanDu.Dashboard.Features.Teams.Pages;

public sealed partial class TeamDialog
{
    private IReadOnlyList<UserView>? _staff;
    private HashSet<string> _members = [];
    private IDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string _name = "";
    private string _description = "";
    private string _search = "";
    private bool _busy;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = null!;
    [Inject] private TeamService Teams { get; set; } = null!;
    [Inject] private UserDirectory Users { get; set; } = null!;
    [Inject] private CurrentUser CurrentUser { get; set; } = null!;
    [Inject] private CurrentActor CurrentActor { get; set; } = null!;

    /// <summary>The team as the list showed it.</summary>
    [Parameter, EditorRequired] public TeamView Team { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        _name = Team.Name;
        _description = Team.Description ?? "";
        _members = [.. Team.Members.Select(m => m.UserId)];
        _staff = [.. (await Users.ListAsync(await CurrentUser.GetAsync())).Where(u => u.Active && u.Roles.Any(Roles.All.Contains))];
    }

    /// <summary>Members first, then everyone else, each matching the search by name or email.</summary>
    private IEnumerable<UserView> Shown() => (_staff ?? [])
        .Where(p => _search.Length == 0
                    || p.DisplayName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
                    || p.Email.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase))
        .OrderBy(p => _members.Contains(p.Id) ? 0 : 1).ThenBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase);

    private void Toggle(string userId, bool on)
    {
        if (on)
            _members.Add(userId);
        else
            _members.Remove(userId);
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var errors) ? string.Join(" ", errors) : null;

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var caller = await CurrentUser.GetAsync();
            var actor = await CurrentActor.GetAsync();
            await Teams.UpdateAsync(caller, actor, Team.Id, new SaveTeamRequest(_name, _description));
            await Teams.SetMembersAsync(caller, actor, Team.Id, new SetTeamMembersRequest([.. _members]));
            Dialog.Close(DialogResult.Ok(true));
        }
        catch (ChatValidationException e)
        {
            _errors = e.Errors;
        }
        catch (ChatNotFoundException)
        {
            _errors = new Dictionary<string, string[]> { ["name"] = ["This team was deleted meanwhile."] };
        }
        finally
        {
            _busy = false;
        }
    }
}
