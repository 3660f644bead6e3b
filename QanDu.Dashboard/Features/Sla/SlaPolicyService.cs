using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Sla;

/// <summary>
/// The one write path of the SlaPolicies table: admins list, create, change and delete policies. Each change commits with
/// its audit entry (<c>sla_policy.created</c>, <c>.updated</c>, <c>.deleted</c>), then <see cref="SlaPoliciesChanged"/> is
/// published so the SLA book, the inbox and the board re-read them.
/// </summary>
public sealed class SlaPolicyService(
    IDbContextFactory<ChatDbContext> dbFactory, SlaBook book, IChatEvents events, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 80;

    /// <summary>A year: the longest target a policy may set.</summary>
    public const int MaxMinutes = 525_600;

    public async Task<IReadOnlyList<SlaPolicyView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policies = await Views(db, db.SlaPolicies).ToListAsync(ct);
        return [.. policies.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<SlaPolicyView> GetAsync(ChatCaller caller, long policyId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Views(db, db.SlaPolicies.Where(p => p.Id == policyId)).FirstOrDefaultAsync(ct) ?? throw new ChatNotFoundException($"SLA policy {policyId}");
    }

    public async Task<SlaPolicyView> CreateAsync(ChatCaller caller, AuditActor actor, SaveSlaPolicyRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var name = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireReferencesAsync(db, request, ct);
        await RequireFreeNameAsync(db, name, exceptId: null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = new SlaPolicy { CreatedAt = now };
        Apply(policy, name, request, now);
        // The entry names the policy's id, known only after the insert: both in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync(ct);
        if (!request.Enabled)
        {
            // The column defaults to enabled, so EF leaves a false out of the insert: set it explicitly.
            await db.SlaPolicies.Where(p => p.Id == policy.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Enabled, false), ct);
        }
        audit.Add(db, actor, new AuditRecord("sla_policy.created", "sla_policy", policy.Id.ToString(), name,
            After: await AuditedAsync(db, policy, ct)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Changed();
        return await GetAsync(caller, policy.Id, ct);
    }

    public async Task<SlaPolicyView> UpdateAsync(ChatCaller caller, AuditActor actor, long policyId, SaveSlaPolicyRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var name = Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == policyId, ct) ?? throw new ChatNotFoundException($"SLA policy {policyId}");
        await RequireReferencesAsync(db, request, ct);
        await RequireFreeNameAsync(db, name, exceptId: policyId, ct);
        var before = await AuditedAsync(db, policy, ct);
        Apply(policy, name, request, clock.GetUtcNow().UtcDateTime);
        var after = await AuditedAsync(db, policy, ct);
        var changed = after.Keys.Where(k => !Equals(before[k], after[k])).ToList();
        if (changed.Count == 0)
            return await GetAsync(caller, policyId, ct);
        audit.Add(db, actor, new AuditRecord("sla_policy.updated", "sla_policy", policyId.ToString(), name,
            Before: changed.ToDictionary(k => k, k => before[k]), After: changed.ToDictionary(k => k, k => after[k])));
        await db.SaveChangesAsync(ct);
        Changed();
        return await GetAsync(caller, policyId, ct);
    }

    /// <summary>Deletes the policy; breaches it recorded stay in the conversations' history and the reports.</summary>
    public async Task DeleteAsync(ChatCaller caller, AuditActor actor, long policyId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == policyId, ct) ?? throw new ChatNotFoundException($"SLA policy {policyId}");
        db.SlaPolicies.Remove(policy);
        audit.Add(db, actor, new AuditRecord("sla_policy.deleted", "sla_policy", policyId.ToString(), policy.Name,
            Before: await AuditedAsync(db, policy, ct)));
        await db.SaveChangesAsync(ct);
        Changed();
    }

    /// <summary>The checks that need no database; returns the trimmed name.</summary>
    private static string Validate(SaveSlaPolicyRequest request)
    {
        TextInput.RefuseNul("name", request.Name);
        var name = request.Name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (name.Length == 0)
            errors["name"] = ["A policy needs a name, such as “Urgent customers”."];
        else if (name.Length > MaxName)
            errors["name"] = [$"A policy name is at most {MaxName} characters."];
        if (request.Priority is { } priority && !Enum.IsDefined(priority))
            errors["priority"] = ["The priority is low, normal, high or urgent (or none, for any priority)."];
        foreach (var (field, minutes) in new[]
                 {
                     ("firstResponseMinutes", request.FirstResponseMinutes), ("nextResponseMinutes", request.NextResponseMinutes),
                     ("resolutionMinutes", request.ResolutionMinutes),
                 })
        {
            if (minutes is < 1 or > MaxMinutes)
                errors[field] = [$"A target is 1 to {MaxMinutes} minutes (a year); leave it empty for no target."];
        }
        if (request is { FirstResponseMinutes: null, NextResponseMinutes: null, ResolutionMinutes: null })
            errors["targets"] = ["Set at least one target: first response, next response or resolution."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return name;
    }

    private static async Task RequireReferencesAsync(ChatDbContext db, SaveSlaPolicyRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.LabelId is { } labelId && !await db.Labels.AnyAsync(l => l.Id == labelId, ct))
            errors["labelId"] = [$"Label {labelId} does not exist."];
        if (request.ChannelId is { } channelId && !await db.Channels.AnyAsync(c => c.Id == channelId, ct))
            errors["channelId"] = [$"Channel {channelId} does not exist."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
    }

    private static async Task RequireFreeNameAsync(ChatDbContext db, string name, long? exceptId, CancellationToken ct)
    {
        // The column compares without case (NOCASE), as people do.
        if (await db.SlaPolicies.AnyAsync(p => p.Name == name && p.Id != exceptId, ct))
            throw new ChatConflictException($"A policy named “{name}” already exists: choose another name.", "Name taken");
    }

    private static void Apply(SlaPolicy policy, string name, SaveSlaPolicyRequest request, DateTime now)
    {
        policy.Name = name;
        policy.Priority = request.Priority;
        policy.LabelId = request.LabelId;
        policy.ChannelId = request.ChannelId;
        policy.FirstResponseMinutes = request.FirstResponseMinutes;
        policy.NextResponseMinutes = request.NextResponseMinutes;
        policy.ResolutionMinutes = request.ResolutionMinutes;
        policy.BusinessHoursOnly = request.BusinessHoursOnly;
        policy.Enabled = request.Enabled;
        policy.UpdatedAt = now;
    }

    /// <summary>The settings as the audit log shows them, with the label's and channel's names.</summary>
    private static async Task<Dictionary<string, string?>> AuditedAsync(ChatDbContext db, SlaPolicy p, CancellationToken ct)
    {
        var label = p.LabelId is { } labelId ? await db.Labels.Where(l => l.Id == labelId).Select(l => l.Name).FirstOrDefaultAsync(ct) : null;
        var channel = p.ChannelId is { } channelId ? await db.Channels.Where(c => c.Id == channelId).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        return new()
        {
            ["name"] = p.Name,
            ["priority"] = p.Priority?.ToString() ?? "Any",
            ["label"] = label ?? "Any",
            ["channel"] = channel ?? "Any",
            ["firstResponse"] = p.FirstResponseMinutes is { } first ? SlaText.Minutes(first) : "None",
            ["nextResponse"] = p.NextResponseMinutes is { } next ? SlaText.Minutes(next) : "None",
            ["resolution"] = p.ResolutionMinutes is { } resolution ? SlaText.Minutes(resolution) : "None",
            ["counted"] = p.BusinessHoursOnly ? "Business hours" : "Around the clock",
            ["enabled"] = p.Enabled ? "Yes" : "No",
        };
    }

    private static IQueryable<SlaPolicyView> Views(ChatDbContext db, IQueryable<SlaPolicy> policies) =>
        policies.AsNoTracking().Select(p => new SlaPolicyView(p.Id, p.Name, p.Priority,
            p.LabelId, db.Labels.Where(l => l.Id == p.LabelId).Select(l => l.Name).FirstOrDefault(),
            p.ChannelId, db.Channels.Where(c => c.Id == p.ChannelId).Select(c => c.Name).FirstOrDefault(),
            p.FirstResponseMinutes, p.NextResponseMinutes, p.ResolutionMinutes, p.BusinessHoursOnly, p.Enabled, p.CreatedAt, p.UpdatedAt));

    private void Changed()
    {
        book.Forget();
        events.Publish(new SlaPoliciesChanged());
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage SLA policies.");
    }
}
