using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Contacts;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>Who a valid visitor token stands for: the contact (after merges, the survivor) in its channel.</summary>
public sealed record VisitorIdentity(long TokenId, long ContactId, string UserId, string DisplayName, long ChannelId, bool Verified);

/// <summary>
/// The one write path of VisitorTokens. A token is 32 random bytes (base64url), shown once; only its SHA-256 is stored,
/// so a copy of the database opens no visitor's conversations. Lookups are cached briefly: every widget request and hub
/// connection resolves one.
/// </summary>
public sealed class VisitorTokens(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<string, (VisitorIdentity Identity, DateTime Until)> _cache = new(StringComparer.Ordinal);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>A new token for the contact; the returned text is the only copy.</summary>
    public async Task<string> IssueAsync(long contactId, long channelId, bool verified, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.VisitorTokens.Add(new VisitorToken
        {
            ContactId = contactId, ChannelId = channelId, TokenHash = Hash(token), Verified = verified, CreatedAt = now, LastUsedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>The visitor a token stands for, or null (unknown, revoked, or its contact is gone).</summary>
    public async Task<VisitorIdentity?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
            return null;
        var hash = Hash(token.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
            return cached.Identity;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.VisitorTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct);
        if (row is null)
            return null; // not cached: made-up tokens must not fill the cache
        var contact = await ContactService.ResolveMergedAsync(db, row.ContactId, ct);
        if (contact is null || contact.ErasedAt is not null)
            return null; // an erased contact's tokens were revoked with it; this holds even for one missed
        var identity = new VisitorIdentity(row.Id, contact.Id, contact.UserId, ContactService.DisplayName(contact), row.ChannelId, row.Verified);
        if (_cache.Count >= MaxCached)
            _cache.Clear();
        _cache[hash] = (identity, now + CacheFor);
        return identity;
    }

    /// <summary>The token now proves the contact's identity (a correct hash came with it); the session also counts as a use.</summary>
    public async Task MarkUsedAsync(string token, bool verified, CancellationToken ct)
    {
        var hash = Hash(token.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await (verified
            ? db.VisitorTokens.Where(t => t.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now).SetProperty(t => t.Verified, true), ct)
            : db.VisitorTokens.Where(t => t.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct));
        Forget(token);
    }

    /// <summary>
    /// Revokes every token of the contact in <paramref name="db"/>'s transaction (an erasure); the caller commits, then
    /// calls <see cref="ForgetContact"/> so no cached lookup outlives the commit. Returns how many were revoked.
    /// </summary>
    public static Task<int> RevokeAllAsync(ChatDbContext db, long contactId, DateTime now, CancellationToken ct) =>
        db.VisitorTokens.Where(t => t.ContactId == contactId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);

    /// <summary>Drops every cached lookup that stands for the contact (its tokens were revoked).</summary>
    public void ForgetContact(long contactId)
    {
        foreach (var (hash, entry) in _cache)
        {
            if (entry.Identity.ContactId == contactId)
                _cache.TryRemove(hash, out _);
        }
    }

    /// <summary>Drops the cached lookup of a token whose contact or state changed.</summary>
    public void Forget(string token) => _cache.TryRemove(Hash(token.Trim()), out _);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
