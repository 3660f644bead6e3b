using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Account;

public sealed record ApiKeyView(long Id, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

/// <summary>The new key, shown once: only its hash is stored.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>Who a key signs in as, or why it does not (<see cref="Failure"/> names the reason for the 401).</summary>
public sealed record ApiKeySignIn(ClaimsPrincipal? Principal, string? Failure)
{
    public static readonly ApiKeySignIn UnknownOrRevoked = new(null, "The API key is unknown or revoked.");
    public static readonly ApiKeySignIn OwnerLockedOut = new(null, "The API key's account is locked.");
    public static readonly ApiKeySignIn OwnerDeactivated = new(null, "The API key's account is deactivated.");
}

/// <summary>
/// Personal API keys: random 32 bytes, stored as a SHA-256 hash (a random key needs no slow hash). Creating and
/// revoking a key is audited (<c>apikey.created</c>, <c>apikey.revoked</c>) in the same commit; a revoke publishes
/// <see cref="AccessChanged"/>, so hub connections opened with the key end at once.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit, IChatEvents events, TimeProvider clock)
{
    public const string SecretPrefix = "qdk_";

    /// <summary>
    /// How long a key's sign-in is reused without asking the database (a revoke, and a lockout through
    /// <see cref="EndSignInsOf"/>, end it at once). A role change reaches API keys within this.
    /// </summary>
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromSeconds(30);

    private const int MaxCachedSignIns = 10_000;
    private readonly ConcurrentDictionary<string, CachedSignIn> _signIns = new(StringComparer.Ordinal);

    private long _revocations;

    private sealed record CachedSignIn(long KeyId, string UserId, ClaimsPrincipal Principal, DateTimeOffset Expires);

    /// <summary>A key created by its owner (the audit log names them).</summary>
    public Task<CreatedApiKey> CreateAsync(string userId, string name, CancellationToken ct = default) =>
        CreateAsync(userId, name, actor: null, ct);

    /// <summary>A key created by <paramref name="actor"/> (the owner in a browser, or the command line); null: the owner.</summary>
    public async Task<CreatedApiKey> CreateAsync(string userId, string name, AuditActor? actor, CancellationToken ct = default)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100)
            throw new ArgumentException("An API key needs a name of 1 to 100 characters.", nameof(name));
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var key = new ApiKey
        {
            UserId = userId,
            Name = name,
            Prefix = secret[..10],
            Hash = Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? userId;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor ?? new AuditActor(userId, owner, null), new AuditRecord("apikey.created", "apikey", key.Id.ToString(CultureInfo.InvariantCulture),
            $"{name} ({key.Prefix}…) of {owner}", After: new { name, prefix = key.Prefix, owner }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CreatedApiKey(ToView(key), secret);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.Where(k => k.UserId == userId).OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)).ToListAsync(ct);
    }

    /// <summary>Revokes one of <paramref name="userId"/>'s live keys (a no-op for another's, or one already revoked).</summary>
    public async Task RevokeAsync(string userId, long keyId, AuditActor? actor = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.Include(k => k.User).FirstOrDefaultAsync(k => k.Id == keyId && k.UserId == userId && k.RevokedAt == null, ct);
        if (key is not null)
        {
            var owner = key.User?.DisplayName ?? userId;
            key.RevokedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, actor ?? new AuditActor(userId, owner, null), new AuditRecord("apikey.revoked", "apikey",
                keyId.ToString(CultureInfo.InvariantCulture), $"{key.Name} ({key.Prefix}…) of {owner}",
                Before: new { revoked = false }, After: new { revoked = true }));
            await db.SaveChangesAsync(ct);
        }
        // The key stops working at once: its cached sign-in goes, and one being looked up right now is not kept.
        Forget(signIn => signIn.KeyId == keyId);
        if (key is not null)
            events.Publish(new AccessChanged(userId));
    }

    /// <summary>Whether the key still signs in: not revoked, its owner neither deactivated nor locked out (an open hub connection asks).</summary>
    public async Task<bool> IsLiveAsync(long keyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var owner = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId && k.RevokedAt == null)
            .Select(k => new { k.User!.DeactivatedAt, k.User.LockoutEnabled, k.User.LockoutEnd }).FirstOrDefaultAsync(ct);
        return owner is not null && owner.DeactivatedAt is null && !(owner.LockoutEnabled && owner.LockoutEnd > clock.GetUtcNow());
    }

    /// <summary>
    /// Ends the cached sign-ins of every key of a user (their account was just locked or deactivated, or their role
    /// changed), so the next request asks again.
    /// </summary>
    public void EndSignInsOf(string userId) => Forget(signIn => signIn.UserId == userId);

    private void Forget(Func<CachedSignIn, bool> which)
    {
        Interlocked.Increment(ref _revocations);
        foreach (var (hash, signIn) in _signIns)
            if (which(signIn))
                _signIns.TryRemove(hash, out _);
    }

    /// <summary>
    /// Who a live key of an account that is not locked signs in as (built by <paramref name="principalFor"/> from its
    /// owner), or why not. Reused for <see cref="SignInLifetime"/>: building it takes several queries (key, user,
    /// roles, claims), which were most of an API request's cost (BENCHMARKS.md).
    /// </summary>
    public async Task<ApiKeySignIn> SignInAsync(string secret, Func<AppUser, Task<ClaimsPrincipal>> principalFor, CancellationToken ct = default)
    {
        if (!IsWellFormed(secret))
            return ApiKeySignIn.UnknownOrRevoked;
        var hash = Hash(secret);
        var now = clock.GetUtcNow();
        if (_signIns.TryGetValue(hash, out var cached) && cached.Expires > now)
            return new ApiKeySignIn(CopyOf(cached.Principal), null);
        var revocationsBefore = Interlocked.Read(ref _revocations);
        var key = await FindLiveKeyAsync(hash, ct);
        if (key?.User is not { } owner || owner.DeactivatedAt is not null || owner.LockoutEnabled && owner.LockoutEnd > now)
        {
            _signIns.TryRemove(hash, out _);
            return key?.User switch
            {
                null => ApiKeySignIn.UnknownOrRevoked,
                { DeactivatedAt: not null } => ApiKeySignIn.OwnerDeactivated,
                _ => ApiKeySignIn.OwnerLockedOut,
            };
        }
        var principal = await principalFor(owner);
        principal.Identities.First().AddClaim(new Claim(AppClaims.ApiKeyId, key.Id.ToString(CultureInfo.InvariantCulture)));
        if (_signIns.Count >= MaxCachedSignIns)
            _signIns.Clear(); // bounded: many keys in use at once only cost a lookup again
        if (Interlocked.Read(ref _revocations) == revocationsBefore)
            _signIns[hash] = new CachedSignIn(key.Id, owner.Id, principal, now + SignInLifetime);
        return new ApiKeySignIn(CopyOf(principal), null);
    }

    /// <summary>
    /// A copy each request may add claims to. <see cref="ClaimsPrincipal.Clone"/> is not one: it shares the identities, so
    /// concurrent requests added to one claims list while others read it ("Collection was modified", a 500).
    /// </summary>
    private static ClaimsPrincipal CopyOf(ClaimsPrincipal principal) => new(principal.Identities.Select(i => i.Clone()));

    private static bool IsWellFormed(string secret) => secret.StartsWith(SecretPrefix, StringComparison.Ordinal) && secret.Length <= 100;

    private async Task<ApiKey?> FindLiveKeyAsync(string hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.Include(k => k.User).FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        if (key is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            key.LastUsedAt = now; // coarse, so a busy key does not write on every request
            await db.SaveChangesAsync(ct);
        }
        return key;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static ApiKeyView ToView(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
