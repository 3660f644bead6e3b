using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>
/// Channels by their public website token, for the visitor API's every request: read once, kept until the channel
/// changes (<see cref="Forget"/>, called by whoever writes channels, after commit).
/// </summary>
public sealed class ChannelLookup(IDbContextFactory<ChatDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, WebsiteChannel?> byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, WebsiteChannel?> byId = new();

    /// <summary>The channel (a detached copy: do not change it), or null for an unknown token.</summary>
    public async Task<WebsiteChannel?> FindByTokenAsync(string websiteToken, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(websiteToken) || websiteToken.Length > 40)
            return null;
        if (byToken.TryGetValue(websiteToken, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.WebsiteToken == websiteToken, ct);
        // Unknown tokens are not cached: a stranger could fill the cache with made-up tokens.
        if (channel is not null)
            byToken[websiteToken] = byId[channel.Id] = channel;
        return channel;
    }

    public async Task<WebsiteChannel?> FindAsync(long channelId, CancellationToken ct = default)
    {
        if (byId.TryGetValue(channelId, out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, ct);
        if (channel is not null)
            byToken[channel.WebsiteToken] = byId[channel.Id] = channel;
        return channel;
    }

    /// <summary>Drops every cached copy of a channel that changed or was deleted.</summary>
    public void Forget(long channelId)
    {
        if (byId.TryRemove(channelId, out var channel) && channel is not null)
            byToken.TryRemove(channel.WebsiteToken, out _);
    }
}
