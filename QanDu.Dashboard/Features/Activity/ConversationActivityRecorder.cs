using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Activity;

/// <summary>
/// Records, in the same commit, every change of a customer conversation that reports and the SLA clock count: created,
/// resolved, reopened, assigned. It watches tracked <see cref="ChatThread"/> changes in every SaveChanges, so no service
/// that changes a conversation's status or assignee can forget it. Message facts are added by the message writer (it
/// knows who is the customer), hand-offs, ratings and breaches by their services, all through <see cref="ConversationActivityLog"/>.
/// </summary>
public sealed class ConversationActivityRecorder(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ChatDbContext db)
            Record(db);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ChatDbContext db)
            Record(db);
        return ValueTask.FromResult(result);
    }

    private void Record(ChatDbContext db)
    {
        // Entries() detects changes first (when automatic detection is on, as everywhere in the app).
        var changed = db.ChangeTracker.Entries<ChatThread>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified && e.Entity.ContactId != null)
            .ToList();
        if (changed.Count == 0)
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in changed)
        {
            foreach (var fact in Facts(entry, now))
                db.ConversationActivity.Add(fact);
        }
    }

    internal static IEnumerable<ConversationActivity> Facts(EntityEntry<ChatThread> entry, DateTime now)
    {
        var thread = entry.Entity;
        if (entry.State == EntityState.Added)
        {
            yield return ConversationActivityLog.Fact(thread, ActivityKind.Created, thread.CreatedAt == default ? now : thread.CreatedAt);
            if (thread.AssigneeId != null || thread.TeamId != null)
                yield return ConversationActivityLog.Fact(thread, ActivityKind.Assigned, now, thread.AssigneeId);
            yield break;
        }
        var status = entry.Property(t => t.Status);
        if (status.IsModified && !Equals(status.OriginalValue, status.CurrentValue))
        {
            if (thread.Status == ThreadStatus.Archived)
                yield return ConversationActivityLog.Fact(thread, ActivityKind.Resolved, thread.ResolvedAt ?? now, thread.AssigneeId);
            else if (status.OriginalValue == ThreadStatus.Archived)
                yield return ConversationActivityLog.Fact(thread, ActivityKind.Reopened, now);
        }
        var assignee = entry.Property(t => t.AssigneeId);
        var team = entry.Property(t => t.TeamId);
        if ((assignee.IsModified && assignee.OriginalValue != assignee.CurrentValue) || (team.IsModified && team.OriginalValue != team.CurrentValue))
            yield return ConversationActivityLog.Fact(thread, ActivityKind.Assigned, now, thread.AssigneeId);
    }
}
