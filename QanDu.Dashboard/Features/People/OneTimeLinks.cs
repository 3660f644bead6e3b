using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.People;

/// <summary>
/// Invitation and password-reset links: a random 32-byte token (base64url) in the link, only its SHA-256 hash stored
/// (a random token needs no slow hash). A link works once, until it expires or a newer one replaces it.
/// </summary>
internal static class OneTimeLinks
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(24);

    public static string PathFor(OneTimeLinkPurpose purpose) =>
        purpose == OneTimeLinkPurpose.Invitation ? "account/invite/" : "account/reset/";

    public static TimeSpan LifetimeOf(OneTimeLinkPurpose purpose) =>
        purpose == OneTimeLinkPurpose.Invitation ? InvitationLifetime : ResetLifetime;

    /// <summary>
    /// Stages a new link for <paramref name="userId"/> in <paramref name="db"/>, revoking the open ones of the same
    /// purpose (so only the newest works); returns the token for the link.
    /// </summary>
    public static async Task<(string Token, OneTimeLink Link)> StageAsync(
        ChatDbContext db, string userId, OneTimeLinkPurpose purpose, string? createdById, DateTime now, CancellationToken ct)
    {
        await StageRevokeAsync(db, userId, purpose, now, ct);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var link = new OneTimeLink
        {
            UserId = userId,
            Purpose = purpose,
            TokenHash = Hash(token),
            CreatedById = createdById,
            CreatedAt = now,
            ExpiresAt = now + LifetimeOf(purpose),
        };
        db.OneTimeLinks.Add(link);
        return (token, link);
    }

    /// <summary>Stages revoking the open links of a person (of one purpose, or all); returns how many.</summary>
    public static async Task<int> StageRevokeAsync(ChatDbContext db, string userId, OneTimeLinkPurpose? purpose, DateTime now, CancellationToken ct)
    {
        var open = await db.OneTimeLinks
            .Where(l => l.UserId == userId && l.UsedAt == null && l.RevokedAt == null && (purpose == null || l.Purpose == purpose))
            .ToListAsync(ct);
        foreach (var link in open)
            link.RevokedAt = now;
        return open.Count;
    }

    /// <summary>The stored link a token names, with its person, or a problem saying in plain words why it does not work.</summary>
    public static async Task<OneTimeLink> FindUsableAsync(ChatDbContext db, string? token, OneTimeLinkPurpose purpose, DateTime now, CancellationToken ct)
    {
        var what = purpose == OneTimeLinkPurpose.Invitation ? "invitation link" : "password reset link";
        var ask = purpose == OneTimeLinkPurpose.Invitation
            ? "Ask an admin of your team to send you a new invitation."
            : "Ask an admin of your team for a new reset link.";
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
            throw new LinkProblemException($"This {what} is not valid. {ask}");
        var hash = Hash(token);
        var link = await db.OneTimeLinks.Include(l => l.User).FirstOrDefaultAsync(l => l.TokenHash == hash && l.Purpose == purpose, ct);
        if (link?.User is null)
            throw new LinkProblemException($"This {what} is not valid: it may have been copied incompletely. {ask}");
        if (link.UsedAt is not null)
            throw new LinkProblemException($"This {what} was already used; a link works only once. {ask}");
        if (link.RevokedAt is not null)
            throw new LinkProblemException($"This {what} was withdrawn (a newer one may have been sent). {ask}");
        if (link.ExpiresAt <= now)
            throw new LinkProblemException($"This {what} expired on {link.ExpiresAt:d MMM yyyy HH:mm} UTC. {ask}");
        if (link.User.DeactivatedAt is not null)
            throw new LinkProblemException($"This account is deactivated. Ask an admin of your team to reactivate it.");
        return link;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
