using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Labels;

public sealed record CreateLabelRequest(string? Name, string? Color);

public sealed record LabelView(long Id, string Name, string Color);

/// <summary>
/// The label catalog: admins define labels (name and colour). Putting a label on a thread is the thread's business
/// (<c>ThreadService</c>); deleting a label takes it off every thread, and each of those threads is announced as changed.
/// Creating and deleting are audited (<c>label.created</c>, <c>label.deleted</c>); the actor defaults to the caller.
/// </summary>
public sealed partial class LabelService(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, AuditLog audit)
{
    public async Task<IReadOnlyList<LabelView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var labels = await db.Labels.AsNoTracking().Select(l => new LabelView(l.Id, l.Name, l.Color)).ToListAsync(ct);
        return [.. labels.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<LabelView> CreateAsync(ChatCaller caller, CreateLabelRequest request, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        TextInput.RefuseNul("name", request.Name);
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
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Labels.Add(label);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("label.created", "label", label.Id.ToString(), name, After: new { name, color }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        events.Publish(new LabelsChanged());
        return new LabelView(label.Id, label.Name, label.Color);
    }

    /// <summary>Removes the label from every thread too; each of those threads is announced as changed.</summary>
    public async Task DeleteAsync(ChatCaller caller, long labelId, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var label = await db.Labels.FirstOrDefaultAsync(l => l.Id == labelId, ct)
                    ?? throw new ChatNotFoundException($"Label {labelId}");
        var threads = await db.ThreadLabels.Where(l => l.LabelId == labelId).Select(l => l.ThreadId).ToListAsync(ct);
        db.Labels.Remove(label);
        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("label.deleted", "label", labelId.ToString(), label.Name,
            Before: new { name = label.Name, color = label.Color },
            Detail: threads.Count == 0 ? null : $"Taken off {threads.Count} conversation(s)."));
        await db.SaveChangesAsync(ct);
        events.Publish(new LabelsChanged());
        foreach (var threadId in threads)
            events.Publish(new ThreadChanged(threadId));
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage labels.");
    }

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex HexColor();
}
