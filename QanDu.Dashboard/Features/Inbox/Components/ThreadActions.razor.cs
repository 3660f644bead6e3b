using Microsoft.AspNetCore.Components;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Users;

namespace QanDu.Dashboard.Features.Inbox.Components;

public sealed partial class ThreadActions
{
    private IReadOnlyList<UserView> _staff = [];
    private IReadOnlyList<LabelView> _labels = [];
    private IReadOnlyList<TeamChoice> _teams = [];

    [Inject] private ThreadService Threads { get; set; } = null!;
    [Inject] private ConversationLifecycle Lifecycle { get; set; } = null!;
    [Inject] private ReadStateService ReadState { get; set; } = null!;
    [Inject] private LabelService Labels { get; set; } = null!;
    [Inject] private UserDirectory Users { get; set; } = null!;
    [Inject] private TeamService Teams { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The thread whose header this is.</summary>
    [Parameter, EditorRequired] public ThreadSummary Thread { get; set; } = null!;

    /// <summary>The signed-in user.</summary>
    [Parameter, EditorRequired] public ChatCaller Me { get; set; } = null!;

    private string PriorityIconName => Thread.Priority switch
    {
        PriorityLevel.Urgent => Icons.Material.Filled.Whatshot,
        PriorityLevel.High => Icons.Material.Filled.KeyboardDoubleArrowUp,
        PriorityLevel.Low => Icons.Material.Filled.KeyboardArrowDown,
        _ => Icons.Material.Outlined.Flag,
    };

    private Color PriorityColor => Thread.Priority switch
    {
        PriorityLevel.Urgent => Color.Error,
        PriorityLevel.High => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>People are loaded when the menu opens, so the list is current and closed headers cost nothing.</summary>
    private async Task OnAssignOpenAsync(bool open)
    {
        if (!open)
            return;
        _staff = [.. (await Users.ListAsync(Me)).Where(u => u.Active && u.Roles.Any(Roles.All.Contains))];
        if (Thread.TeamId is not null)
            _teams = await Teams.ChoicesAsync(Me);
    }

    private async Task OnTeamOpenAsync(bool open)
    {
        if (open)
            _teams = await Teams.ChoicesAsync(Me);
    }

    /// <summary>
    /// With a team: its members first, then everyone else (choosing one of them takes the conversation out of the team,
    /// as the service does). Without: everyone, in one group.
    /// </summary>
    private IEnumerable<(string? Heading, IReadOnlyList<UserView> People)> AssigneeGroups()
    {
        if (Thread.TeamId is not { } teamId || _teams.FirstOrDefault(t => t.Id == teamId) is not { } team)
        {
            yield return (null, _staff);
            yield break;
        }
        yield return ($"In {team.Name}", [.. _staff.Where(p => team.MemberIds.Contains(p.Id))]);
        var others = _staff.Where(p => !team.MemberIds.Contains(p.Id)).ToList();
        if (others.Count > 0)
            yield return ("Others (leaves the team)", others);
    }

    private async Task OnLabelsOpenAsync(bool open)
    {
        if (open)
            _labels = await Labels.ListAsync();
    }

    private async Task<bool> UpdateAsync(UpdateThreadRequest request)
    {
        try
        {
            await Threads.UpdateThreadAsync(Me, Thread.Id, request);
            return true;
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException or ChatForbiddenException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
            return false;
        }
    }

    private async Task ToggleLabelAsync(LabelView label, bool on)
    {
        try
        {
            if (on)
                await Threads.RemoveLabelAsync(Me, Thread.Id, label.Id);
            else
                await Threads.AddLabelAsync(Me, Thread.Id, label.Id);
        }
        catch (ChatNotFoundException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    /// <summary>The last message from someone else turns unread; the open thread leaves it so until a new message or a re-open.</summary>
    private async Task MarkUnreadAsync()
    {
        try
        {
            await ReadState.MarkThreadUnreadAsync(Me, Thread.Id);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, Severity.Info);
        }
    }

    /// <summary>Resolving (archiving a staff thread) needs no confirmation: <see cref="ResolveWithUndo"/>.</summary>
    private Task ResolveAsync() => ResolveWithUndo.RunAsync(Lifecycle, Snackbar, Me, Thread);

    private async Task ReopenAsync()
    {
        try
        {
            await Lifecycle.ReopenAsync(Me, Thread.Id);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException or ChatForbiddenException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task SnoozeAsync(DateTime? until)
    {
        try
        {
            await Lifecycle.SnoozeAsync(Me, Thread.Id, until);
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException or ChatForbiddenException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }
}
