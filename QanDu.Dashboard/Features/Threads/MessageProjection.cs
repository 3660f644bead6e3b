using System.Linq.Expressions;
using Markdig;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Threads;

internal static class MessageProjection
{
    public const int PreviewLength = 120;

    private static readonly Markdig.MarkdownPipeline PreviewPipeline =
        new Markdig.MarkdownPipelineBuilder().UseEmojiAndSmiley(Rendering.MarkdownRenderer.Emoji).Build();

    /// <summary>One query shape for every read of messages, so what the UI and the API show never drifts.</summary>
    /// <remarks>
    /// The reply quote is made plain text in the app (Markdown cannot be stripped in SQL), so history and live posts
    /// show the same quote; the reply count reads the ReplyToId index.
    /// </remarks>
    public static Expression<Func<Message, MessageView>> ToView(ChatDbContext db) => m => new MessageView(
        m.Id,
        m.ThreadId,
        m.DeletedAt == null ? m.Content : "",
        m.Type,
        m.SenderId,
        m.SenderName,
        m.SenderType,
        m.Timestamp,
        m.Status,
        m.ReplyToId,
        m.ReplyToId == null
            ? null
            : Quote(m.ReplyToId.Value,
                db.Messages.Where(r => r.Id == m.ReplyToId).Select(r => (bool?)(r.DeletedAt != null)).FirstOrDefault(),
                db.Messages.Where(r => r.Id == m.ReplyToId).Select(r => r.SenderName).FirstOrDefault(),
                db.Messages.Where(r => r.Id == m.ReplyToId).Select(r => r.DeletedAt == null ? r.Content : "").FirstOrDefault()),
        m.EditedAt,
        m.DeletedAt != null,
        m.ClientKey,
        m.Metadata,
        m.Attachments.Select(a => new AttachmentView(a.Id, a.Type, a.Name, a.Size, a.MimeType)).ToList())
    {
        ReplyCount = db.Messages.Count(r => r.ReplyToId == m.Id && r.DeletedAt == null),
    };

    /// <remarks>
    /// The quote is read as three scalar subqueries on the primary key, not as one projected FirstOrDefault: EF Core
    /// translates that into a LEFT JOIN over a ROW_NUMBER() window of the whole Messages table, which cost seconds per
    /// page of history at a million messages (bench: open-thread).
    /// </remarks>
    private static ReplyPreview? Quote(long id, bool? deleted, string? senderName, string? content) =>
        deleted is not { } isDeleted ? null : new ReplyPreview(id, senderName ?? "", isDeleted ? "" : Preview(content ?? ""), isDeleted);

    /// <summary>The quote of <paramref name="original"/> shown above a reply.</summary>
    public static ReplyPreview Quote(Message original) =>
        new(original.Id, original.SenderName, original.DeletedAt == null ? Preview(original.Content) : "", original.DeletedAt != null);

    public static MessageView ToView(Message m, ReplyPreview? replyTo) => new(
        m.Id, m.ThreadId, m.DeletedAt == null ? m.Content : "", m.Type, m.SenderId, m.SenderName, m.SenderType,
        m.Timestamp, m.Status, m.ReplyToId, replyTo, m.EditedAt, m.DeletedAt != null, m.ClientKey, m.Metadata,
        m.Attachments.Select(a => new AttachmentView(a.Id, a.Type, a.Name, a.Size, a.MimeType)).ToList());

    /// <summary>The thread list's line for a message; a message with only files says which (📎 invoice.pdf).</summary>
    public static string Preview(Message m) => Preview(m.Content, m.Attachments.Select(a => a.Name));

    public static string Preview(MessageView m) => Preview(m.Content, m.Attachments.Select(a => a.Name));

    private static string Preview(string content, IEnumerable<string> fileNames)
    {
        if (!string.IsNullOrWhiteSpace(content))
            return Preview(content);
        var names = fileNames.ToList();
        if (names.Count == 0)
            return "";
        var line = "📎 " + names[0] + (names.Count > 1 ? $" +{names.Count - 1} more" : "");
        return line.Length <= PreviewLength ? line : line[..(PreviewLength - 1)] + "…";
    }

    /// <summary>A single-line plain-text preview (Markdown removed) for thread lists and reply quotes.</summary>
    public static string Preview(string content)
    {
        var plain = Markdig.Markdown.ToPlainText(content, PreviewPipeline);
        var flat = string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= PreviewLength ? flat : flat[..(PreviewLength - 1)] + "…";
    }
}
