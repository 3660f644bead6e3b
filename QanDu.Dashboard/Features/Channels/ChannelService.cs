using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>
/// The one write path of the Channels table: admins create, change and delete website channels and rotate their website
/// token and identity secret; routing moves the round-robin cursor. Each admin change commits with its audit entry (the
/// secret itself is never written to the log), then the cached copy is dropped (<see cref="ChannelLookup.Forget"/>) and
/// <see cref="ChannelsChanged"/> is published.
/// </summary>
public sealed class ChannelService(
    IDbContextFactory<ChatDbContext> dbFactory, ChannelLookup lookup, IChatEvents events, AuditLog audit, TimeProvider clock)
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public async Task<IReadOnlyList<ChannelView>> ListAsync(ChatCaller caller, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channels = await db.Channels.AsNoTracking().Include(c => c.Team).ToListAsync(ct);
        return [.. channels.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Select(View)];
    }

    public async Task<ChannelView> GetAsync(ChatCaller caller, long channelId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return View(await RequireAsync(db, channelId, ct));
    }

    public async Task<ChannelView> CreateAsync(ChatCaller caller, AuditActor actor, SaveChannelRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var valid = ChannelRules.Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await RequireFreeNameAsync(db, valid.Name, exceptId: null, ct);
        await RequireTeamAsync(db, valid.TeamId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var channel = new WebsiteChannel { WebsiteToken = NewToken(), IdentitySecret = NewSecret(), CreatedAt = now };
        Apply(channel, valid, now);
        // The entry names the channel's id, known only after the insert: both in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        audit.Add(db, actor, new AuditRecord("channel.created", "channel", channel.Id.ToString(), channel.Name, After: Audited(channel, await TeamNameAsync(db, channel.TeamId, ct))));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Changed(channel.Id);
        return await GetAsync(caller, channel.Id, ct);
    }

    public async Task<ChannelView> UpdateAsync(ChatCaller caller, AuditActor actor, long channelId, SaveChannelRequest request, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        var valid = ChannelRules.Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await RequireAsync(db, channelId, ct);
        await RequireFreeNameAsync(db, valid.Name, exceptId: channelId, ct);
        await RequireTeamAsync(db, valid.TeamId, ct);
        var before = Audited(channel, channel.Team?.Name);
        Apply(channel, valid, clock.GetUtcNow().UtcDateTime);
        var after = Audited(channel, await TeamNameAsync(db, channel.TeamId, ct));
        var changed = after.Keys.Where(k => !Equals(Json(before[k]), Json(after[k]))).ToList();
        if (changed.Count == 0)
            return View(channel);
        audit.Add(db, actor, new AuditRecord("channel.updated", "channel", channelId.ToString(), channel.Name,
            Before: changed.ToDictionary(k => k, k => before[k]), After: changed.ToDictionary(k => k, k => after[k])));
        await db.SaveChangesAsync(ct);
        Changed(channelId);
        return await GetAsync(caller, channelId, ct);
    }

    /// <summary>Deletes the channel: its conversations and contacts stay (they lose the channel), its visitor tokens end.</summary>
    public async Task DeleteAsync(ChatCaller caller, AuditActor actor, long channelId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await RequireAsync(db, channelId, ct);
        var conversations = await db.Threads.CountAsync(t => t.ChannelId == channelId, ct);
        db.Channels.Remove(channel);
        audit.Add(db, actor, new AuditRecord("channel.deleted", "channel", channelId.ToString(), channel.Name,
            Before: Audited(channel, channel.Team?.Name),
            Detail: conversations == 0 ? null : $"{conversations} conversation(s) keep their history without the channel."));
        await db.SaveChangesAsync(ct);
        Changed(channelId);
    }

    /// <summary>A new website token: the old one stops working at once, so the snippet on the website must be replaced.</summary>
    public async Task<ChannelView> RotateTokenAsync(ChatCaller caller, AuditActor actor, long channelId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await RequireAsync(db, channelId, ct);
        var old = channel.WebsiteToken;
        channel.WebsiteToken = NewToken();
        channel.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        // The token is public (it is in the website's page), so the log may show it.
        audit.Add(db, actor, new AuditRecord("channel.token_rotated", "channel", channelId.ToString(), channel.Name,
            Before: new { websiteToken = old }, After: new { websiteToken = channel.WebsiteToken }));
        await db.SaveChangesAsync(ct);
        Changed(channelId);
        return View(channel);
    }

    /// <summary>A new identity secret: hashes made with the old one are refused from now on.</summary>
    public async Task<ChannelView> RotateSecretAsync(ChatCaller caller, AuditActor actor, long channelId, CancellationToken ct = default)
    {
        RequireAdmin(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await RequireAsync(db, channelId, ct);
        channel.IdentitySecret = NewSecret();
        channel.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, actor, new AuditRecord("channel.secret_rotated", "channel", channelId.ToString(), channel.Name,
            After: new { identitySecret = "rotated" }));
        await db.SaveChangesAsync(ct);
        Changed(channelId);
        return View(channel);
    }

    /// <summary>Routing's round-robin cursor: the agent it chose last. Not audited (routing says it in the conversation).</summary>
    internal async Task SetLastAssignedAsync(long channelId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastAssignedUserId, userId), ct);
    }

    internal static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, 24);

    internal static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private void Changed(long channelId)
    {
        lookup.Forget(channelId);
        events.Publish(new ChannelsChanged(channelId));
    }

    private static void Apply(WebsiteChannel channel, ValidChannel valid, DateTime now)
    {
        channel.Name = valid.Name;
        channel.AllowedOrigins = valid.AllowedOrigins;
        channel.Greeting = valid.Greeting;
        channel.Color = valid.Color;
        channel.Position = valid.Position;
        channel.TimeZone = valid.TimeZone;
        channel.BusinessHours = valid.BusinessHours;
        channel.AwayMessage = valid.AwayMessage;
        channel.ExpectedReplyTime = valid.ExpectedReplyTime;
        channel.OutsideHours = valid.OutsideHours;
        channel.PreChatName = valid.PreChatName;
        channel.PreChatEmail = valid.PreChatEmail;
        channel.Verification = valid.Verification;
        channel.TeamId = valid.TeamId;
        channel.AutoAssign = valid.AutoAssign;
        channel.ReassignAfterOfflineMinutes = valid.ReassignAfterOfflineMinutes;
        channel.ReopenWindowHours = valid.ReopenWindowHours;
        channel.AssistantFirstReply = valid.AssistantFirstReply;
        channel.AssistantHandOffThreshold = valid.AssistantHandOffThreshold;
        channel.UpdatedAt = now;
    }

    /// <summary>The settings as the audit log shows them (never the identity secret).</summary>
    private static Dictionary<string, object?> Audited(WebsiteChannel c, string? teamName) => new()
    {
        ["name"] = c.Name,
        ["allowedOrigins"] = c.AllowedOrigins.ToList(),
        ["greeting"] = c.Greeting,
        ["color"] = c.Color,
        ["position"] = c.Position.ToString(),
        ["timeZone"] = c.TimeZone,
        ["businessHours"] = c.BusinessHours.Select(s => $"{s.Day} {ChannelRules.Format(s.From)}–{ChannelRules.Format(s.To)}").ToList(),
        ["awayMessage"] = c.AwayMessage,
        ["expectedReplyTime"] = c.ExpectedReplyTime,
        ["outsideHours"] = c.OutsideHours.ToString(),
        ["preChatName"] = c.PreChatName.ToString(),
        ["preChatEmail"] = c.PreChatEmail.ToString(),
        ["verification"] = c.Verification.ToString(),
        ["team"] = teamName ?? "Unassigned",
        ["autoAssign"] = c.AutoAssign,
        ["reassignAfterOfflineMinutes"] = c.ReassignAfterOfflineMinutes,
        ["reopenWindowHours"] = c.ReopenWindowHours,
        ["assistantFirstReply"] = c.AssistantFirstReply,
        ["assistantHandOffThreshold"] = c.AssistantHandOffThreshold,
    };

    private static string Json(object? value) => System.Text.Json.JsonSerializer.Serialize(value);

    internal static ChannelView View(WebsiteChannel c) => new(c.Id, c.Name, c.WebsiteToken, [.. c.AllowedOrigins], c.Greeting, c.Color,
        c.Position, c.TimeZone, [.. c.BusinessHours.Select(s => new BusinessHoursSlotView(s.Day, ChannelRules.Format(s.From), ChannelRules.Format(s.To)))],
        c.AwayMessage, c.ExpectedReplyTime, c.OutsideHours, c.PreChatName, c.PreChatEmail, c.Verification, c.IdentitySecret, c.TeamId,
        c.Team?.Name, c.AutoAssign, c.ReassignAfterOfflineMinutes, c.ReopenWindowHours, c.CreatedAt, c.UpdatedAt,
        c.AssistantFirstReply, c.AssistantHandOffThreshold);

    private static async Task<WebsiteChannel> RequireAsync(ChatDbContext db, long channelId, CancellationToken ct) =>
        await db.Channels.Include(c => c.Team).FirstOrDefaultAsync(c => c.Id == channelId, ct) ?? throw new ChatNotFoundException($"Channel {channelId}");

    private static async Task RequireFreeNameAsync(ChatDbContext db, string name, long? exceptId, CancellationToken ct)
    {
        var taken = await db.Channels.Where(c => c.Id != exceptId).Select(c => c.Name).ToListAsync(ct);
        if (taken.Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new ChatValidationException("name", $"A channel named \"{name}\" already exists.");
    }

    private static async Task RequireTeamAsync(ChatDbContext db, long? teamId, CancellationToken ct)
    {
        if (teamId is { } id && !await db.Teams.AnyAsync(t => t.Id == id, ct))
            throw new ChatValidationException("teamId", $"Team {id} does not exist (deleted meanwhile?): choose another team or Unassigned.");
    }

    private static async Task<string?> TeamNameAsync(ChatDbContext db, long? teamId, CancellationToken ct) =>
        teamId is { } id ? await db.Teams.Where(t => t.Id == id).Select(t => t.Name).FirstOrDefaultAsync(ct) : null;

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins manage website channels.");
    }
}
