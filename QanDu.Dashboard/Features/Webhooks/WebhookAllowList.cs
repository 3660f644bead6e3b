using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

public sealed record AddAllowedHostRequest(string? Host);

public sealed record AllowedHostView(long Id, string Host, DateTime CreatedAt, string? CreatedBy);

/// <summary>
/// The hosts an admin allowed webhooks to reach although they are private or loopback (on-premise receivers); the one
/// writer of WebhookAllowedHosts. Admins only; adding and removing are audited (<c>webhook_host.allowed</c>,
/// <c>webhook_host.removed</c>). The sender asks <see cref="IsAllowedAsync"/> at every connection, from a cache in memory.
/// </summary>
public sealed class WebhookAllowList(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    private volatile FrozenSet<string>? _hosts;

    /// <summary>Raised after a host is added or removed (the panel on another admin's screen reloads).</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<AllowedHostView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from h in db.WebhookAllowedHosts.AsNoTracking()
                          join u in db.Users on h.CreatedById equals u.Id into users
                          from u in users.DefaultIfEmpty()
                          select new AllowedHostView(h.Id, h.Host, h.CreatedAt, u == null ? null : u.DisplayName)).ToListAsync(ct);
        return [.. rows.OrderBy(h => h.Host, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<AllowedHostView> AddAsync(ChatCaller caller, AddAllowedHostRequest request, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var host = Validate(request.Host);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.WebhookAllowedHosts.AnyAsync(h => h.Host == host, ct))
            throw new ChatValidationException("host", $"{host} is already an allowed host.");
        var row = new WebhookAllowedHost { Host = host, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedById = caller.UserId };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.WebhookAllowedHosts.Add(row);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("webhook_host.allowed", "webhook_host", row.Id.ToString(), host, After: new { host }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await ReloadAsync(ct);
        Changed?.Invoke();
        return new AllowedHostView(row.Id, row.Host, row.CreatedAt, caller.DisplayName);
    }

    public async Task RemoveAsync(ChatCaller caller, long id, AuditActor? actor = null, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WebhookAllowedHosts.FirstOrDefaultAsync(h => h.Id == id, ct)
                  ?? throw new ChatNotFoundException($"Allowed host {id}");
        db.WebhookAllowedHosts.Remove(row);
        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("webhook_host.removed", "webhook_host", id.ToString(), row.Host, Before: new { host = row.Host }));
        await db.SaveChangesAsync(ct);
        await ReloadAsync(ct);
        Changed?.Invoke();
    }

    /// <summary>True when an admin allowed this host (as written in a URL: a name, or an IP literal in any spelling).</summary>
    public async ValueTask<bool> IsAllowedAsync(string host, CancellationToken ct)
    {
        var hosts = _hosts ?? await ReloadAsync(ct);
        return hosts.Contains(Normalize(host));
    }

    /// <summary>
    /// The form a host is stored and compared in: an IP literal as its canonical address (so <c>2130706433</c> and
    /// <c>127.0.0.1</c> are one host), a name in lower case without a trailing dot.
    /// </summary>
    public static string Normalize(string host)
    {
        host = host.Trim();
        return WebhookAddressGuard.TryParseLiteral(host, out var address)
            ? address.ToString()
            : host.TrimEnd('.').ToLowerInvariant();
    }

    private static string Validate(string? input)
    {
        TextInput.RefuseNul("host", input);
        var host = input?.Trim() ?? "";
        if (host.Length == 0)
            throw new ChatValidationException("host", "Enter a host name or an IP address, e.g. hooks.internal or 10.0.0.5.");
        if (host.Contains("://") || host.IndexOfAny(['/', '?', '#', '@', ' ']) >= 0
            || (host.Contains(':') && !WebhookAddressGuard.TryParseLiteral(host, out _)))
            throw new ChatValidationException("host", $"\"{host}\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).");
        var normalized = Normalize(host);
        if (normalized.Length > 253 || (!WebhookAddressGuard.TryParseLiteral(normalized, out _) && Uri.CheckHostName(normalized) != UriHostNameType.Dns))
            throw new ChatValidationException("host", $"\"{host}\" is not a valid host name or IP address.");
        return normalized;
    }

    private async Task<FrozenSet<string>> ReloadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hosts = (await db.WebhookAllowedHosts.AsNoTracking().Select(h => h.Host).ToListAsync(ct)).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _hosts = hosts;
        return hosts;
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage the hosts webhooks may reach on private addresses.");
    }
}
