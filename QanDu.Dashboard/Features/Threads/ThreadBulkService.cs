using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

public enum BulkAction { Resolve, Reopen, Snooze, Assign, Label }

/// <summary>
/// One action on many threads. <c>AssigneeId</c> with assign (<c>""</c> unassigns), <c>LabelId</c> with label,
/// <c>SnoozeUntil</c> with snooze (left out: until the customer replies).
/// </summary>
public sealed record BulkThreadRequest(
    IReadOnlyList<long>? ThreadIds, [property: JsonRequired] BulkAction Action, string? AssigneeId = null, long? LabelId = null,
    DateTime? SnoozeUntil = null);

/// <summary>A thread the action left alone, and why.</summary>
public sealed record BulkSkip(long ThreadId, string Reason);

/// <summary>What a bulk action did: how many threads it applied to, which it skipped, and both in a sentence.</summary>
public sealed record BulkResult(int Applied, IReadOnlyList<BulkSkip> Skipped, string Summary);

/// <summary>
/// Bulk actions from the inbox's selection: each thread the caller may see gets the action by the same rules as one at a
/// time (<see cref="ThreadService"/>, <see cref="ThreadStatusChange"/>); the others are skipped and counted, never
/// revealed. One commit for all, then <see cref="ThreadChanged"/> per changed thread.
/// </summary>
public sealed class ThreadBulkService(IDbContextFactory<ChatDbContext> dbFactory, StatusAnnouncer announcer, IChatEvents events, TimeProvider clock)
{
    public const int MaxThreads = 500;
    internal const string NotVisible = "not visible";

    public async Task<BulkResult> BulkAsync(ChatCaller caller, BulkThreadRequest request, CancellationToken ct = default)
    {
        caller.RequireStaff("Changing conversations");
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = Validate(request, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (request is { Action: BulkAction.Label, LabelId: { } labelId } && !await db.Labels.AnyAsync(l => l.Id == labelId, ct))
            throw new ChatValidationException("labelId", $"Label {labelId} does not exist.");
        var threads = await db.Threads.Visible(caller).Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var skipped = new List<BulkSkip>();
        var statusChanged = new List<ChatThread>();
        var changed = new List<long>();
        foreach (var id in ids)
        {
            if (!threads.TryGetValue(id, out var thread))
            {
                skipped.Add(new BulkSkip(id, NotVisible));
                continue;
            }
            try
            {
                if (await ApplyAsync(db, thread, request, now, ct))
                    statusChanged.Add(thread);
                changed.Add(id);
            }
            catch (ChatValidationException ex)
            {
                skipped.Add(new BulkSkip(id, ex.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? ex.Message));
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var id in changed.Except(statusChanged.Select(t => t.Id)))
            events.Publish(new ThreadChanged(id));
        await announcer.AnnounceAsync(statusChanged.ConvertAll(StatusAnnouncer.Of), caller.DisplayName, ct);
        return new BulkResult(changed.Count, skipped, Summarize(request.Action, changed.Count, skipped));
    }

    /// <summary>Applies the action to one tracked thread; true when its status changed (announced with a line).</summary>
    private static async Task<bool> ApplyAsync(ChatDbContext db, ChatThread thread, BulkThreadRequest request, DateTime now, CancellationToken ct)
    {
        switch (request.Action)
        {
            case BulkAction.Resolve:
                return ThreadStatusChange.Apply(thread, ThreadStatus.Archived, null, now);
            case BulkAction.Reopen:
                return ThreadStatusChange.Apply(thread, ThreadStatus.Active, null, now);
            case BulkAction.Snooze:
                return ThreadStatusChange.Apply(thread, ThreadStatus.Snoozed, request.SnoozeUntil?.ToUniversalTime(), now);
            case BulkAction.Assign:
                await ThreadService.StageAssigneeAsync(db, thread, request.AssigneeId!, now, ct);
                thread.UpdatedAt = now;
                return false;
            default:
                await ThreadService.StageLabelAsync(db, thread.Id, request.LabelId!.Value, ct);
                return false;
        }
    }

    private static List<long> Validate(BulkThreadRequest request, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        var ids = (request.ThreadIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
            errors["threadIds"] = ["Choose at least one conversation."];
        else if (ids.Count > MaxThreads)
            errors["threadIds"] = [$"At most {MaxThreads} conversations at a time; you chose {ids.Count}."];
        if (!Enum.IsDefined(request.Action))
            errors["action"] = ["Action must be resolve, reopen, snooze, assign or label."];
        if (request.Action == BulkAction.Assign && request.AssigneeId is null)
            errors["assigneeId"] = ["Name who to assign the conversations to (an empty assigneeId unassigns them)."];
        if (request.Action == BulkAction.Label && request.LabelId is null)
            errors["labelId"] = ["Name the label to put on the conversations."];
        if (request.SnoozeUntil is not null && request.Action != BulkAction.Snooze)
            errors["snoozeUntil"] = ["snoozeUntil goes with the snooze action."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        if (request.Action == BulkAction.Snooze)
            ConversationLifecycle.ValidateSnooze(request.SnoozeUntil, now, "snoozeUntil");
        return ids;
    }

    /// <summary>E.g. "12 resolved, 1 skipped: not visible".</summary>
    internal static string Summarize(BulkAction action, int applied, IReadOnlyList<BulkSkip> skipped)
    {
        var verb = action switch
        {
            BulkAction.Resolve => "resolved",
            BulkAction.Reopen => "reopened",
            BulkAction.Snooze => "snoozed",
            BulkAction.Assign => "assigned",
            _ => "labelled",
        };
        var parts = new List<string> { $"{applied} {verb}" };
        parts.AddRange(skipped.GroupBy(s => s.Reason).Select(g => $"{g.Count()} skipped: {g.Key}"));
        return string.Join(", ", parts);
    }
}
