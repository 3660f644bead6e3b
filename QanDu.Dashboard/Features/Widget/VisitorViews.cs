using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Widget;

// The visitor API's JSON (docs/api.md, "Visitor API"): strings where the dashboard's API has enums, so the widget's
// contract does not move when an enum grows; nothing staff-only (emails, user ids, metadata, private notes).

public sealed record SessionRequest(
    string? WebsiteToken, string? VisitorToken = null, string? Identifier = null, string? IdentifierHash = null,
    string? Name = null, string? Email = null, PageInfo? Page = null, Dictionary<string, string>? Attributes = null);

public sealed record PageInfo(string? Url, string? Title);

public sealed record SessionView(
    string VisitorToken, long ContactId, bool Verified, ChannelView Channel, ContactView Contact, IReadOnlyList<ConversationView> Conversations);

public sealed record ChannelView(
    string Name, string Greeting, string Color, string Position, PreChatView PreChat, bool Open, string AwayMessage,
    string ExpectedReplyTime, string OutsideHours, string Verification, bool HelpCenter = false);

public sealed record PreChatView(string Name, string Email);

public sealed record ContactView(string? Name, string? Email);

public sealed record ConversationView(long Id, string Status, DateTime? LastMessageAt, string Preview, int Unread, int? Rating);

public sealed record VisitorMessage(
    long Id, long ConversationId, string Content, string Html, SenderView Sender, DateTime CreatedAt, string Status,
    string? ClientKey, IReadOnlyList<VisitorAttachment> Attachments, bool Deleted = false, VisitorAssistant? Assistant = null);

/// <summary>
/// On the assistant's messages only: the help-center articles it cited and the visitor's own vote ("helpful",
/// "unhelpful" or null). Nothing staff-only (no confidence, model, context or internal links).
/// </summary>
public sealed record VisitorAssistant(IReadOnlyList<VisitorSource> Sources, string? Feedback);

public sealed record VisitorSource(string Title, string Url);

/// <summary>A visitor's "Was this helpful?" on an assistant's answer.</summary>
public sealed record VisitorFeedbackRequest(bool? Helpful);

public sealed record SenderView(string Kind, string Name, string? AvatarUrl = null);

public sealed record VisitorAttachment(long Id, string Name, long Size, string MimeType, string Url);

public sealed record VisitorMessagePage(IReadOnlyList<VisitorMessage> Messages, bool HasMore);

public sealed record VisitorPostRequest(long? ConversationId, string? Content, string? ClientKey, IReadOnlyList<string>? AttachmentIds = null);

public sealed record VisitorUploadView(string Id, string Name, long Size, string MimeType);

public sealed record RatingRequest(int? Rating, string? Comment);

public sealed record ReadRequest(long? MessageId);

// Hub payloads.
public sealed record TypingView(long ConversationId, string Name, bool Typing);

public sealed record StatusView(long ConversationId, string Status);

public sealed record ReadView(long ConversationId, long UpToMessageId);

public sealed record ConversationRef(long ConversationId);

/// <summary>The widget's words for the stored enums.</summary>
public static class WidgetWords
{
    public static string Status(ThreadStatus status) => status switch
    {
        ThreadStatus.Archived => "resolved",
        ThreadStatus.Pending => "pending",
        ThreadStatus.Snoozed => "snoozed",
        _ => "open",
    };

    public static string MessageStatus(Data.Entities.MessageStatus status) => status switch
    {
        Data.Entities.MessageStatus.Sending => "sending", // the assistant's answer while it grows
        Data.Entities.MessageStatus.Failed => "failed",
        Data.Entities.MessageStatus.Read => "read",
        Data.Entities.MessageStatus.Delivered => "delivered",
        _ => "sent",
    };

    public static string Camel<T>(T value) where T : Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }
}
