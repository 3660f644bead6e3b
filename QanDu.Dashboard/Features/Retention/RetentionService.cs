using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Retention;

/// <summary>
/// The data retention policy: the one writer of the RetentionSettings row (admins only, each change audited) and the
/// run that deletes resolved customer conversations older than the policy. A run deletes in bounded batches, each one
/// transaction (the conversation and everything that cascades with it: messages, attachments, edits, reactions, activity,
/// read positions, SLA targets, the search index rows by trigger), and deletes the batch's files after its commit. A stop
/// between a commit and the files leaves files no attachment owns; the next run (and the start-up) sweeps them first.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<ChatDbContext> dbFactory,
    StoredFileCleanup files,
    AuditLog audit,
    IChatEvents events,
    TimeProvider clock,
    ILogger<RetentionService> logger)
{
    public const int MinDays = 1;

    /// <summary>Ten years: a longer period is almost certainly a typo (days for hours, an extra zero).</summary>
    public const int MaxDays = 3650;

    /// <summary>Conversations per transaction, and the messages a batch stops growing at: short enough that posts wait little.</summary>
    private const int BatchConversations = 50;
    private const int BatchMessages = 2_000;

    private readonly SemaphoreSlim _running = new(1, 1);

    public async Task<RetentionView> GetAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.RetentionSettings.AsNoTracking().FirstOrDefaultAsync(r => r.Id == 1, ct);
        if (row is null)
            return new RetentionView(null, null, null, null, null);
        var by = row.UpdatedById is null ? null : await db.Users.Where(u => u.Id == row.UpdatedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new RetentionView(row.ResolvedConversationDays, row.UpdatedAt, by, row.LastRunAt, row.LastRunDeleted);
    }

    /// <summary>Sets the policy (null turns it off); refuses less than a day and more than <see cref="MaxDays"/>.</summary>
    public async Task<RetentionView> SetAsync(ChatCaller caller, AuditActor actor, int? days, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        if (days is < MinDays)
            throw new ChatValidationException("resolvedConversationDays",
                $"Keep resolved conversations at least {MinDays} day; {days} would delete conversations as soon as they are resolved. Leave it empty to keep them forever.");
        if (days is > MaxDays)
            throw new ChatValidationException("resolvedConversationDays",
                $"{days} days is more than {MaxDays} (ten years); leave it empty to keep conversations forever.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.RetentionSettings.FirstOrDefaultAsync(r => r.Id == 1, ct);
        if (row is null)
            db.RetentionSettings.Add(row = new RetentionSettings { Id = 1 });
        var before = row.ResolvedConversationDays;
        if (before != days)
        {
            row.ResolvedConversationDays = days;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            row.UpdatedById = caller.Kind == CallerKind.System ? null : caller.UserId;
            audit.Add(db, actor, new AuditRecord("retention.updated", "retention", "resolved-conversations", "Resolved customer conversations",
                Before: new { resolvedConversationDays = before }, After: new { resolvedConversationDays = days },
                Detail: days is { } d ? $"Resolved customer conversations are deleted {d} day(s) after they were resolved." : "Retention turned off: conversations are kept."));
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(caller, ct);
    }

    /// <summary>What a run would delete now, by the policy (or by <paramref name="days"/> to try a value before saving it).</summary>
    public async Task<RetentionDryRun> DryRunAsync(ChatCaller caller, int? days = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var period = days ?? await PolicyDaysAsync(db, ct)
            ?? throw new ChatValidationException("resolvedConversationDays", "Retention is off: set a number of days first (or try one in the dry run).");
        if (period is < MinDays or > MaxDays)
            throw new ChatValidationException("resolvedConversationDays", $"Try a number of days from {MinDays} to {MaxDays}.");
        var before = Cutoff(period);
        var threads = Expired(db, before);
        var messages = db.Messages.Where(m => threads.Any(t => t.Id == m.ThreadId));
        return new RetentionDryRun(period, before,
            await threads.CountAsync(ct),
            await messages.CountAsync(ct),
            await db.Attachments.CountAsync(a => messages.Any(m => m.Id == a.MessageId), ct));
    }

    /// <summary>Runs the policy now (admins); refused when it is off or a run is already going.</summary>
    public async Task<RetentionRunResult> RunAsync(ChatCaller caller, AuditActor actor, IProgress<RetentionProgress>? progress = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        return await RunPolicyAsync(actor, progress, ct)
            ?? throw new ChatValidationException("resolvedConversationDays", "Retention is off: set a number of days before running it.");
    }

    /// <summary>The daily run (and Run now): null when the policy is off.</summary>
    internal async Task<RetentionRunResult?> RunPolicyAsync(AuditActor actor, IProgress<RetentionProgress>? progress, CancellationToken ct)
    {
        if (!await _running.WaitAsync(0, ct))
            throw new ChatConflictException("A retention run is already under way; wait for it to finish.", "Already running");
        try
        {
            // Files of an earlier delete whose removal was cut short (a stop, a refusing disk) go first.
            await files.SweepAsync(ct);
            int? days;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                days = await PolicyDaysAsync(db, ct);
            if (days is not { } period)
                return null;
            return await DeleteExpiredAsync(actor, period, progress, ct);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<RetentionRunResult> DeleteExpiredAsync(AuditActor actor, int days, IProgress<RetentionProgress>? progress, CancellationToken ct)
    {
        var before = Cutoff(days);
        int found;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            found = await Expired(db, before).CountAsync(ct);
        var (conversations, messages, deletedFiles) = (0, 0, 0);
        progress?.Report(new RetentionProgress(0, 0, 0, found));
        while (await DeleteBatchAsync(before, ct) is { } batch)
        {
            foreach (var threadId in batch.Threads)
                events.Publish(new ThreadChanged(threadId)); // lists drop it; an open view finds it gone
            // After the commit: a stop here leaves files no attachment owns, which the next sweep deletes.
            deletedFiles += await files.DeleteUnreferencedAsync(batch.StoredNames, ct);
            conversations += batch.Threads.Count;
            messages += batch.Messages;
            progress?.Report(new RetentionProgress(conversations, messages, deletedFiles, Math.Max(found, conversations)));
        }
        var finished = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var row = await db.RetentionSettings.FirstOrDefaultAsync(r => r.Id == 1, ct);
            if (row is null)
                db.RetentionSettings.Add(row = new RetentionSettings { Id = 1 });
            row.LastRunAt = finished;
            row.LastRunDeleted = conversations;
            audit.Add(db, actor, new AuditRecord("retention.run", "retention", "resolved-conversations", "Resolved customer conversations",
                After: new { days, resolvedBefore = before, conversations, messages, files = deletedFiles },
                Detail: $"Deleted {conversations} conversation(s) resolved before {before:yyyy-MM-dd HH:mm} UTC ({days} day(s)): {messages} message(s), {deletedFiles} file(s)."));
            await db.SaveChangesAsync(ct);
        }
        if (conversations > 0)
            logger.LogInformation("Retention deleted {Conversations} conversations, {Messages} messages and {Files} files resolved before {Before:u}",
                conversations, messages, deletedFiles, before);
        return new RetentionRunResult(days, before, conversations, messages, deletedFiles, finished);
    }

    private sealed record Batch(IReadOnlyList<long> Threads, int Messages, IReadOnlyList<string> StoredNames);

    /// <summary>One transaction: the next conversations due, with everything that cascades from them; null when none is left.</summary>
    private async Task<Batch?> DeleteBatchAsync(DateTime before, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is held from here, so what is read is what is deleted
        // (a customer reopening a conversation meanwhile waits, then finds it gone or untouched).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var candidates = await Expired(db, before).OrderBy(t => t.Id).Take(BatchConversations)
            .Select(t => new { t.Id, Messages = db.Messages.Count(m => m.ThreadId == t.Id) })
            .ToListAsync(ct);
        if (candidates.Count == 0)
            return null;
        var take = new List<long>();
        var total = 0;
        foreach (var c in candidates)
        {
            if (take.Count > 0 && total + c.Messages > BatchMessages)
                break;
            take.Add(c.Id);
            total += c.Messages;
        }
        var storedNames = await db.Attachments.Where(a => db.Messages.Any(m => m.Id == a.MessageId && take.Contains(m.ThreadId)))
            .Select(a => a.StoredName).ToListAsync(ct);
        // Foreign keys cascade from the thread (messages, attachments, edits, reactions, activity, read cursors, SLA targets,
        // suggestions); the search triggers drop the messages' index rows in the same statement.
        await db.Threads.Where(t => take.Contains(t.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return new Batch(take, total, storedNames);
    }

    /// <summary>Resolved customer conversations resolved before <paramref name="before"/>.</summary>
    private static IQueryable<ChatThread> Expired(ChatDbContext db, DateTime before) =>
        db.Threads.Where(t => t.ContactId != null && t.Status == ThreadStatus.Archived && t.ResolvedAt != null && t.ResolvedAt < before);

    private DateTime Cutoff(int days) => clock.GetUtcNow().UtcDateTime.AddDays(-days);

    private static Task<int?> PolicyDaysAsync(ChatDbContext db, CancellationToken ct) =>
        db.RetentionSettings.Where(r => r.Id == 1).Select(r => r.ResolvedConversationDays).FirstOrDefaultAsync(ct);

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsStaff || !caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage data retention.");
    }
}
