using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>One shift: <see cref="From"/> and <see cref="To"/> as "HH:mm" in the channel's time zone ("24:00" ends at midnight).</summary>
public sealed record BusinessHoursSlotView(DayOfWeek Day, string From, string To);

/// <summary>A website channel as admins see it (the page and <c>/api/admin/channels</c>): everything, the secret included.</summary>
public sealed record ChannelView(
    long Id,
    string Name,
    string WebsiteToken,
    IReadOnlyList<string> AllowedOrigins,
    string Greeting,
    string Color,
    WidgetPosition Position,
    string TimeZone,
    IReadOnlyList<BusinessHoursSlotView> BusinessHours,
    string AwayMessage,
    string ExpectedReplyTime,
    OutsideHoursBehavior OutsideHours,
    PreChatField PreChatName,
    PreChatField PreChatEmail,
    IdentityVerification Verification,
    string IdentitySecret,
    long? TeamId,
    string? TeamName,
    bool AutoAssign,
    int ReassignAfterOfflineMinutes,
    int ReopenWindowHours,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool AssistantFirstReply = false,
    double AssistantHandOffThreshold = 0.5)
{
    /// <summary>No business hours: the widget is always open.</summary>
    public bool AlwaysOpen => BusinessHours.Count == 0;
}

/// <summary>
/// A new channel, or a channel's new settings (all of them: what is left out takes its default). Business hours are
/// shifts with times as "HH:mm"; none means always open. <see cref="TeamId"/> null routes to Unassigned.
/// <see cref="AssistantFirstReply"/>: the assistant answers customers first from public knowledge and hands off to a person
/// below <see cref="AssistantHandOffThreshold"/> (0–1, default 0.5) or when asked.
/// </summary>
public sealed record SaveChannelRequest(
    string? Name,
    IReadOnlyList<string>? AllowedOrigins,
    string? Greeting = null,
    string? Color = null,
    WidgetPosition? Position = null,
    string? TimeZone = null,
    IReadOnlyList<BusinessHoursSlotRequest>? BusinessHours = null,
    string? AwayMessage = null,
    string? ExpectedReplyTime = null,
    OutsideHoursBehavior? OutsideHours = null,
    PreChatField? PreChatName = null,
    PreChatField? PreChatEmail = null,
    IdentityVerification? Verification = null,
    long? TeamId = null,
    bool AutoAssign = false,
    int? ReassignAfterOfflineMinutes = null,
    int? ReopenWindowHours = null,
    bool AssistantFirstReply = false,
    double? AssistantHandOffThreshold = null);

public sealed record BusinessHoursSlotRequest(DayOfWeek Day, string? From, string? To);

/// <summary>The embed snippet of a channel, for the page and the API (the app's address as the admin reached it).</summary>
public static class ChannelSnippet
{
    public static string For(string appBaseUrl, string websiteToken) =>
        $"<script src=\"{appBaseUrl.TrimEnd('/')}/widget.js\" data-website-token=\"{websiteToken}\" defer></script>";
}
