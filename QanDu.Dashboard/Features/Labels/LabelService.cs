using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Labels;

public sealed record CreateLabelRequest(string? Name, string? Color);

/// <summary>
/// Labels: admins define them (name and colour); anyone who can see a thread adds and removes them on it.
/// Every change to a thread's labels publishes <see cref="ThreadChanged"/> after the commit.
/// </summary>
public sealed partial class LabelService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events)
{
    public async Task<IReadOnlyList<LabelView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await db.Labels.AsNoTracking().Select(l => new LabelView(l.Id, l.Name, l.Color)).ToListAsync(ct);
        return [.. labels.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<LabelView> CreateAsync(ChatCaller caller, CreateLabelRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var name = request.Name?.Trim() ?? "";
        var color = request.Color?.Trim().ToLowerInvariant() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > 60)
            errors["name"] = ["A label name is 1 to 60 characters."];
        if (!HexColor().IsMatch(color))
            errors["color"] = ["A label colour is a hex colour such as #e53935."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.Labels.Select(l => l.Name).ToListAsync(ct);
        if (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new ChatValidationException("name", $"A label named \"{name}\" already exists.");
        var label = new Label { Name = name, Color = color };
        db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        events.Publish(new LabelsChanged());
        return new LabelView(label.Id, label.Name, label.Color);
    }

    /// <summary>Removes the label from every thread too; each of those threads is announced as changed.</summary>
    public async Task DeleteAsync(ChatCaller caller, long labelId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var label = await db.Labels.FirstOrDefaultAsync(l => l.Id == labelId, ct)
                    ?? throw new ChatNotFoundException($"Label {labelId}");
        var threads = await db.ThreadLabels.Where(l => l.LabelId == labelId).Select(l => l.ThreadId).ToListAsync(ct);
        db.Labels.Remove(label);
        await db.SaveChangesAsync(ct);
        events.Publish(new LabelsChanged());
        foreach (var threadId in threads)
            events.Publish(new ThreadChanged(threadId));
    }

    public async Task<ThreadSummary> AddToThreadAsync(ChatCaller caller, long threadId, long labelId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleAsync(caller, threadId, ct);
            if (!await db.Labels.AnyAsync(l => l.Id == labelId, ct))
                throw new ChatNotFoundException($"Label {labelId}");
            if (!await db.ThreadLabels.AnyAsync(l => l.ThreadId == threadId && l.LabelId == labelId, ct))
            {
                db.ThreadLabels.Add(new ThreadLabel { ThreadId = threadId, LabelId = labelId });
                await db.SaveChangesAsync(ct);
                events.Publish(new ThreadChanged(threadId));
            }
        }
        return await ThreadAsync(caller, threadId, ct);
    }

    public async Task<ThreadSummary> RemoveFromThreadAsync(ChatCaller caller, long threadId, long labelId, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.RequireVisibleAsync(caller, threadId, ct);
            if (!await db.Labels.AnyAsync(l => l.Id == labelId, ct))
                throw new ChatNotFoundException($"Label {labelId}");
            if (await db.ThreadLabels.Where(l => l.ThreadId == threadId && l.LabelId == labelId).ExecuteDeleteAsync(ct) > 0)
                events.Publish(new ThreadChanged(threadId));
        }
        return await ThreadAsync(caller, threadId, ct);
    }

    private async Task<ThreadSummary> ThreadAsync(ChatCaller caller, long threadId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var thread = await ConversationService.Summaries(db, db.Threads.AsNoTracking().Where(t => t.Id == threadId), caller).SingleAsync(ct);
        return thread with { DisplayTitle = ConversationService.DisplayTitle(thread, caller.UserId) };
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage labels.");
    }

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex HexColor();
}
