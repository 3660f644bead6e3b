using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.TwoFactor;

/// <summary>
/// The workspace's security settings (who must use two-factor), held in memory so every page can ask without a query,
/// stored in the one-row <c>SecuritySettings</c> table. Until an admin saves, two-factor is optional.
/// </summary>
public sealed class SecuritySettingsStore(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    private const int RowId = 1;
    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private volatile Task<TwoFactorRequirement>? _loaded;

    /// <summary>Who must use two-factor now (read from the database once).</summary>
    public Task<TwoFactorRequirement> GetAsync() => _loaded ??= LoadAsync(CancellationToken.None); // shared by every caller: one caller giving up must not fail the others

    /// <summary>Whether the requirement covers a person with these roles.</summary>
    public static bool Covers(TwoFactorRequirement requirement, ClaimsPrincipal user) => requirement switch
    {
        TwoFactorRequirement.Everyone => Roles.All.Any(user.IsInRole),
        TwoFactorRequirement.Admins => user.IsInRole(Roles.Admin),
        _ => false,
    };

    public static bool Covers(TwoFactorRequirement requirement, IEnumerable<string> roles) => requirement switch
    {
        TwoFactorRequirement.Everyone => roles.Any(Roles.All.Contains),
        TwoFactorRequirement.Admins => roles.Contains(Roles.Admin),
        _ => false,
    };

    /// <summary>Sets who must use two-factor (admins only); people it newly covers enrol at their next page.</summary>
    public async Task SaveAsync(ChatCaller caller, TwoFactorRequirement requirement, AuditActor actor, CancellationToken ct = default)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins change the security settings.");
        if (!Enum.IsDefined(requirement))
            throw new ChatValidationException("twoFactor", $"'{requirement}' is not a two-factor requirement: use Optional, Admins or Everyone.");
        await _saveLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.SecuritySettings.FirstOrDefaultAsync(s => s.Id == RowId, ct);
            var before = row?.TwoFactor ?? TwoFactorRequirement.Optional;
            if (before == requirement)
                return;
            if (row is null)
                db.SecuritySettings.Add(row = new SecuritySettingsRecord { Id = RowId });
            row.TwoFactor = requirement;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, actor, new AuditRecord("settings.two_factor_requirement_changed", "settings", "security", "Security settings",
                Before: new { twoFactor = before.ToString() }, After: new { twoFactor = requirement.ToString() }));
            await db.SaveChangesAsync(ct);
            _loaded = Task.FromResult(requirement);
        }
        finally
        {
            _saveLock.Release();
        }
    }

    private async Task<TwoFactorRequirement> LoadAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return await db.SecuritySettings.Where(s => s.Id == RowId).Select(s => (TwoFactorRequirement?)s.TwoFactor).FirstOrDefaultAsync(ct)
                   ?? TwoFactorRequirement.Optional;
        }
        catch
        {
            _loaded = null; // try again on the next ask rather than remember a failure
            throw;
        }
    }
}
