using QanDu.Dashboard.Features.Activity;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// The write path for threads: create, rename, archive, prioritise, assign (to a team and a person), label. Owns the Threads, Participants and
/// ThreadLabels tables (the message writer keeps a thread's last-message preview current in its own commit). Publishes
/// <see cref="ThreadChanged"/> after each commit.
/// </summary>
public sealed class ThreadService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, StatusAnnouncer announcer, TimeProvider clock)
{
    /// <summary>The longest title an AI thread gets from its first question.</summary>
    public const int MaxAiTitleLength = 80;

    public Task<ThreadSummary> CreateThreadAsync(ChatCaller caller, CreateThreadRequest request, CancellationToken ct = default) =>
        CreateThreadAtAsync(caller, request, createdAt: null, ct);

    /// <summary>Creates with a given time, for imports and demo data, so a thread is never younger than its messages.</summary>
    internal async Task<ThreadSummary> CreateThreadAtAsync(ChatCaller caller, CreateThreadRequest request, DateTime? createdAt, CancellationToken ct = default)
    {
        TextInput.RefuseNul("title", request.Title);
        var title = string.IsNullOrWhiteSpace(request.Title) ? null : request.Title.Trim();
        if (title is { Length: > 200 })
            throw new ChatValidationException("title", "A thread title can be at most 200 characters.");
        var others = (request.ParticipantIds ?? []).Where(id => id != caller.UserId).Distinct().ToList();
        switch (request.Type)
        {
            case ThreadType.Direct when others.Count != 1:
                throw new ChatValidationException("participantIds", "A direct thread has exactly one other participant.");
            case ThreadType.Group when others.Count == 0:
                throw new ChatValidationException("participantIds", "A group thread needs at least one other participant.");
            case ThreadType.Ai when others.Count > 0:
                throw new ChatValidationException("participantIds", "An AI thread has no other participants.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var known = await db.Users.Where(u => others.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var unknown = others.Except(known).ToList();
        if (unknown.Count > 0)
            throw new ChatValidationException("participantIds", $"Unknown participant: {string.Join(", ", unknown)}.");

        if (request.Type == ThreadType.Direct && await FindDirectThreadAsync(db, caller.UserId, others[0], ct) is { } existing)
            return await GetThreadAsync(caller, existing, ct);

        var now = createdAt ?? clock.GetUtcNow().UtcDateTime;
        var thread = new ChatThread
        {
            Title = title,
            Type = request.Type,
            CreatedById = caller.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            Participants = [.. others.Append(caller.UserId).Select(id => new ThreadParticipant { UserId = id, JoinedAt = now })],
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync(ct);
        events.Publish(new ThreadChanged(thread.Id));
        return await GetThreadAsync(caller, thread.Id, ct);
    }

    /// <summary>
    /// Names an untitled AI thread after its first question, when <paramref name="messageId"/> is that question: for the
    /// app reacting to a post (<see cref="AiThreadTitles"/>). One conditional update, so a title someone set is never
    /// replaced and a later question never renames the thread. Returns whether the title was set.
    /// </summary>
    internal async Task<bool> TitleFromFirstQuestionAsync(ChatCaller caller, long threadId, long messageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var first = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.User)
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.Content, m.DeletedAt }).FirstOrDefaultAsync(ct);
        if (first is null || first.Id != messageId || first.DeletedAt is not null)
            return false;
        var title = MarkdownText.Shorten(MarkdownText.OneLine(first.Content), MaxAiTitleLength);
        if (title.Length == 0)
            return false; // only files: the thread stays "AI assistant"
        var changed = await db.Threads.Visible(caller)
            .Where(t => t.Id == threadId && t.Type == ThreadType.Ai && t.Title == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Title, title), ct);
        if (changed == 0)
            return false;
        events.Publish(new ThreadChanged(threadId));
        return true;
    }

    private static Task<long?> FindDirectThreadAsync(ChatDbContext db, string me, string other, CancellationToken ct) =>
        db.Threads.Where(t => t.Type == ThreadType.Direct
                              && t.Participants.Count == 2
                              && t.Participants.Any(p => p.UserId == me)
                              && t.Participants.Any(p => p.UserId == other))
            .Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);

    public async Task<ThreadSummary> GetThreadAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await ThreadSummaries.Query(db, db.Threads.AsNoTracking().Visible(caller).Where(t => t.Id == threadId), caller)
                         .FirstOrDefaultAsync(ct)
                     ?? throw new ChatNotFoundException($"Thread {threadId}");
        return ThreadSummaries.For(caller, thread);
    }

    /// <summary>
    /// Title, status (archive and unarchive), priority, team and assignee of a thread the caller can see. An assignee must
    /// be staff; one who could not see the thread joins it as a participant, so "Mine" never lists a thread they
    /// cannot open. The assignee of a conversation with a team is always one of its members: a team and a person given
    /// together must match (else refused); a team given alone keeps the assignee only if they are a member (else the
    /// conversation waits unassigned in the team); a person given alone who is not in the conversation's team takes it
    /// out of the team.
    /// </summary>
    public async Task<ThreadSummary> UpdateThreadAsync(ChatCaller caller, long threadId, UpdateThreadRequest request, CancellationToken ct = default)
    {
        caller.RequireStaff("Changing a conversation's title, status, priority, team or assignee");
        var now = clock.GetUtcNow().UtcDateTime;
        ValidateUpdate(request, now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.RequireVisibleAsync(caller, threadId, ct);
        if (request.Title is { } title)
        {
            title = title.Trim();
            thread.Title = title.Length == 0 ? null : title;
        }
        var statusChanged = request.Status is { } status && ThreadStatusChange.Apply(thread, status, request.SnoozedUntil?.ToUniversalTime(), now);
        if (request.Priority is { } priority)
            thread.Priority = priority;
        if (request.TeamId is { } teamId)
            await SetTeamAsync(db, thread, teamId, request.AssigneeId, ct);
        if (request.AssigneeId is { } assigneeId)
            await StageAssigneeAsync(db, thread, assigneeId, now, ct);
        thread.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (statusChanged)
            await announcer.AnnounceAsync([StatusAnnouncer.Of(thread)], caller.DisplayName, ct);
        else
            events.Publish(new ThreadChanged(threadId));
        return await GetThreadAsync(caller, threadId, ct);
    }

    /// <summary>
    /// The assistant hands a customer conversation that waited on it to a person: open again, with when and why. One
    /// conditional update, so it happens once however many triggers race; false when it was not waiting (any more).
    /// </summary>
    internal async Task<bool> HandOffAsync(long threadId, string reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Threads
            .Where(t => t.Id == threadId && t.ContactId != null && t.Status == ThreadStatus.Pending && t.HandedOffAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ThreadStatus.Active).SetProperty(t => t.HandedOffAt, now)
                .SetProperty(t => t.HandOffReason, reason).SetProperty(t => t.UpdatedAt, now), ct);
        if (changed > 0)
        {
            await ConversationActivityLog.AddHandOffAsync(db, threadId, reason, now, ct);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        if (changed > 0)
            events.Publish(new ThreadChanged(threadId));
        return changed > 0;
    }

    public Task<ThreadSummary> AssignAsync(ChatCaller caller, long threadId, string? assigneeId, CancellationToken ct = default) =>
        UpdateThreadAsync(caller, threadId, new UpdateThreadRequest(AssigneeId: assigneeId ?? ""), ct);

    /// <summary>
    /// Assigns (<c>""</c>: unassigns) a tracked thread in the caller's unit of work, by the rules of
    /// <see cref="UpdateThreadAsync"/> for a person given alone; the caller commits. Also for bulk actions.
    /// </summary>
    internal static async Task StageAssigneeAsync(ChatDbContext db, ChatThread thread, string assigneeId, DateTime now, CancellationToken ct)
    {
        if (assigneeId.Length == 0)
        {
            thread.AssigneeId = null;
            return;
        }
        await AssignAsync(db, thread, assigneeId, now, ct);
        if (thread.TeamId is { } team && !await db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == assigneeId, ct))
            thread.TeamId = null;
    }

    /// <summary>Puts a label on a thread in the caller's unit of work (the caller commits); false when it is there.</summary>
    internal static async Task<bool> StageLabelAsync(ChatDbContext db, long threadId, long labelId, CancellationToken ct)
    {
        if (db.ThreadLabels.Local.Any(l => l.ThreadId == threadId && l.LabelId == labelId)
            || await db.ThreadLabels.AnyAsync(l => l.ThreadId == threadId && l.LabelId == labelId, ct))
            return false;
        db.ThreadLabels.Add(new ThreadLabel { ThreadId = threadId, LabelId = labelId });
        return true;
    }

    private static async Task AssignAsync(ChatDbContext db, ChatThread thread, string assigneeId, DateTime now, CancellationToken ct)
    {
        if (thread.Type == ThreadType.Ai)
            throw new ChatValidationException("assigneeId", "An AI thread is private to the person who asked: it cannot be assigned.");
        var roles = await db.UserRoles.Where(ur => ur.UserId == assigneeId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var assignee = await db.Users.Where(u => u.Id == assigneeId).Select(u => new { u.DisplayName, u.DeactivatedAt }).FirstOrDefaultAsync(ct)
            ?? throw new ChatValidationException("assigneeId", $"Unknown user: {assigneeId}.");
        if (assignee.DeactivatedAt is not null)
            throw new ChatValidationException("assigneeId", $"{assignee.DisplayName} is deactivated: conversations cannot be assigned to them.");
        if (!roles.Any(Roles.All.Contains))
            throw new ChatValidationException("assigneeId", "Threads can be assigned to staff (agents, supervisors, admins) only.");
        var seesAll = roles.Contains(Roles.Supervisor) || roles.Contains(Roles.Admin);
        var participant = await db.Participants.AnyAsync(p => p.ThreadId == thread.Id && p.UserId == assigneeId, ct);
        if (!participant && !seesAll)
        {
            if (thread.Type == ThreadType.Direct)
                throw new ChatValidationException("assigneeId",
                    "A direct conversation can be assigned only to one of its two people or to a supervisor.");
            db.Participants.Add(new ThreadParticipant { ThreadId = thread.Id, UserId = assigneeId, JoinedAt = now });
        }
        thread.AssigneeId = assigneeId;
    }

    /// <summary>
    /// Stages, in the caller's unit of work, taking <paramref name="userId"/> off every open conversation assigned to them
    /// (they were deactivated); the caller commits, then calls <see cref="AnnounceChanged"/> with the ids returned. Staged
    /// rather than committed here so the deactivation and the unassignment commit together or not at all.
    /// </summary>
    internal async Task<IReadOnlyList<long>> StageUnassignAllAsync(ChatDbContext db, string userId, CancellationToken ct)
    {
        var threads = await db.Threads.Where(t => t.AssigneeId == userId && t.Status == ThreadStatus.Active).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var thread in threads)
        {
            thread.AssigneeId = null;
            thread.UpdatedAt = now;
        }
        return threads.ConvertAll(t => t.Id);
    }

    /// <summary>Publishes <see cref="ThreadChanged"/> for threads changed by a staged write, after its commit.</summary>
    internal void AnnounceChanged(IEnumerable<long> threadIds)
    {
        foreach (var threadId in threadIds)
            events.Publish(new ThreadChanged(threadId));
    }

    /// <summary>Sets or clears (<c>0</c>) the team; see <see cref="UpdateThreadAsync"/> for how the assignee follows.</summary>
    private static async Task SetTeamAsync(ChatDbContext db, ChatThread thread, long teamId, string? assigneeId, CancellationToken ct)
    {
        if (teamId == 0)
        {
            thread.TeamId = null;
            return;
        }
        if (thread.Type == ThreadType.Ai)
            throw new ChatValidationException("teamId", "An AI thread is private to the person who asked: it cannot be given to a team.");
        var team = await db.Teams.Where(t => t.Id == teamId).Select(t => new { t.Name, Members = t.Members.Select(m => m.UserId).ToList() })
                       .FirstOrDefaultAsync(ct)
                   ?? throw new ChatValidationException("teamId", $"Team {teamId} does not exist.");
        if (assigneeId is { Length: > 0 } && !team.Members.Contains(assigneeId))
            throw new ChatValidationException("assigneeId",
                $"That person is not a member of the team \"{team.Name}\": choose one of its members, or no one.");
        if (assigneeId is null && thread.AssigneeId is { } current && !team.Members.Contains(current))
            thread.AssigneeId = null;
        thread.TeamId = teamId;
    }

    private static void ValidateUpdate(UpdateThreadRequest request, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Title?.Contains('\0') == true)
            errors["title"] = ["The title contains a NUL character (U+0000), which is not allowed; remove it."];
        else if (request.Title is { } title && title.Trim().Length > 200)
            errors["title"] = ["A thread title can be at most 200 characters."];
        if (request.Status is { } status && !Enum.IsDefined(status))
            errors["status"] = ["Status must be active, archived, pending or snoozed."];
        if (request.SnoozedUntil is not null && request.Status != ThreadStatus.Snoozed)
            errors["snoozedUntil"] = ["snoozedUntil goes with status snoozed (leave it out to snooze until the customer replies)."];
        else if (request.SnoozedUntil is not null)
        {
            try
            {
                ConversationLifecycle.ValidateSnooze(request.SnoozedUntil, now, "snoozedUntil");
            }
            catch (ChatValidationException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                    errors[field] = messages;
            }
        }
        if (request.Priority is { } priority && !Enum.IsDefined(priority))
            errors["priority"] = ["Priority must be low, normal, high or urgent."];
        if (request.TeamId is < 0)
            errors["teamId"] = ["A team is named by its id; 0 takes the conversation out of its team."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
    }

    /// <summary>Puts a label on a thread the caller can see (a no-op when it is there).</summary>
    public async Task<ThreadSummary> AddLabelAsync(ChatCaller caller, long threadId, long labelId, CancellationToken ct = default)
    {
        caller.RequireStaff("Labelling a conversation");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleIdAsync(caller, threadId, ct);
            await RequireLabelAsync(db, labelId, ct);
            if (await StageLabelAsync(db, threadId, labelId, ct))
            {
                await db.SaveChangesAsync(ct);
                events.Publish(new ThreadChanged(threadId));
            }
        }
        return await GetThreadAsync(caller, threadId, ct);
    }

    public async Task<ThreadSummary> RemoveLabelAsync(ChatCaller caller, long threadId, long labelId, CancellationToken ct = default)
    {
        caller.RequireStaff("Labelling a conversation");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleIdAsync(caller, threadId, ct);
            await RequireLabelAsync(db, labelId, ct);
            if (await db.ThreadLabels.Where(l => l.ThreadId == threadId && l.LabelId == labelId).ExecuteDeleteAsync(ct) > 0)
                events.Publish(new ThreadChanged(threadId));
        }
        return await GetThreadAsync(caller, threadId, ct);
    }

    /// <summary>
    /// Raises a thread's priority to <paramref name="to"/> if it is lower (never lowers it): for automatic rules, so the
    /// caller is the app (<see cref="CallerKind.System"/>) or someone who can see the thread. An assistant thread has no
    /// queue to rise in: a person quoting an angry customer to the assistant leaves it as it is.
    /// </summary>
    public async Task<bool> RaisePriorityAsync(ChatCaller caller, long threadId, PriorityLevel to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.Threads.Visible(caller).SingleOrDefaultAsync(t => t.Id == threadId, ct);
        if (thread is null || thread.Type == ThreadType.Ai || thread.Priority >= to)
            return false;
        thread.Priority = to;
        await db.SaveChangesAsync(ct);
        events.Publish(new ThreadChanged(threadId));
        return true;
    }

    private static async Task RequireLabelAsync(ChatDbContext db, long labelId, CancellationToken ct)
    {
        if (!await db.Labels.AnyAsync(l => l.Id == labelId, ct))
            throw new ChatNotFoundException($"Label {labelId}");
    }
}
