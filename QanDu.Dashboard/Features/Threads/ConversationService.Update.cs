using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

public sealed partial class ConversationService
{
    /// <summary>
    /// Title, status (archive and unarchive), priority and assignee of a thread the caller can see. An assignee must
    /// be staff; one who could not see the thread joins it as a participant, so "Mine" never lists a thread they
    /// cannot open.
    /// </summary>
    public async Task<ThreadSummary> UpdateThreadAsync(ChatCaller caller, long threadId, UpdateThreadRequest request, CancellationToken ct = default)
    {
        ValidateUpdate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await db.RequireVisibleAsync(caller, threadId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (request.Title is { } title)
        {
            title = title.Trim();
            thread.Title = title.Length == 0 ? null : title;
        }
        if (request.Status is { } status)
            thread.Status = status;
        if (request.Priority is { } priority)
            thread.Priority = priority;
        if (request.AssigneeId is { Length: 0 })
            thread.AssigneeId = null;
        else if (request.AssigneeId is { } assigneeId)
            await AssignAsync(db, thread, assigneeId, now, ct);
        thread.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        events.Publish(new ThreadChanged(threadId));
        return await GetThreadAsync(caller, threadId, ct);
    }

    public Task<ThreadSummary> AssignAsync(ChatCaller caller, long threadId, string? assigneeId, CancellationToken ct = default) =>
        UpdateThreadAsync(caller, threadId, new UpdateThreadRequest(AssigneeId: assigneeId ?? ""), ct);

    private static async Task AssignAsync(ChatDbContext db, ChatThread thread, string assigneeId, DateTime now, CancellationToken ct)
    {
        var roles = await db.UserRoles.Where(ur => ur.UserId == assigneeId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        if (!await db.Users.AnyAsync(u => u.Id == assigneeId, ct))
            throw new ChatValidationException("assigneeId", $"Unknown user: {assigneeId}.");
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

    private static void ValidateUpdate(UpdateThreadRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Title is { } title && title.Trim().Length > 200)
            errors["title"] = ["A thread title can be at most 200 characters."];
        if (request.Status is { } status && !Enum.IsDefined(status))
            errors["status"] = ["Status must be active or archived."];
        if (request.Priority is { } priority && !Enum.IsDefined(priority))
            errors["priority"] = ["Priority must be low, normal, high or urgent."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
    }
}
