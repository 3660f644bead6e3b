using System.Linq.Expressions;
using Markdig;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// How a stored message becomes what one caller sees: one query shape for every read (so the UI and the API never
/// drift), one shaping by the caller's kind (<see cref="For(ChatCaller, MessageView)"/>), and the bus's snapshot both ways.
/// </summary>
public static class MessageProjection
{
    public const int PreviewLength = 120;

    private static readonly MarkdownPipeline PreviewPipeline =
        new MarkdownPipelineBuilder().UseEmojiAndSmiley(Rendering.MarkdownRenderer.Emoji).Build();

    /// <remarks>
    /// The reply quote is made plain text in the app (Markdown cannot be stripped in SQL), so history and live posts
    /// show the same quote; the reply count reads the ReplyToId index. The metadata is copied out of EF's object.
    /// </remarks>
    internal static Expression<Func<Message, MessageView>> ToView(ChatDbContext db) => m => new MessageView(
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
                db.Messages.Where(r => r.Id == m.ReplyToId).Select(r => r.DeletedAt == null ? r.Content : "").FirstOrDefault(),
                db.Messages.Where(r => r.Id == m.ReplyToId).Select(r => r.SenderType).FirstOrDefault()),
        m.EditedAt,
        m.DeletedAt != null,
        m.ClientKey,
        MetadataView(m.Metadata),
        m.Attachments.Select(a => new AttachmentView(a.Id, a.Type, a.Name, a.Size, a.MimeType)).ToList())
    {
        ReplyCount = db.Messages.Count(r => r.ReplyToId == m.Id && r.DeletedAt == null),
        IsPrivate = m.IsPrivate,
    };

    /// <summary>
    /// The view for <paramref name="caller"/>'s kind. Staff, API keys and the app get it whole. A visitor gets no
    /// metadata (analysis, the assistant's context and tool cards), no one else's user id or idempotency key, and
    /// reactions without the ids of who reacted (their own excepted).
    /// </summary>
    public static MessageView For(ChatCaller caller, MessageView view)
    {
        if (!caller.IsVisitor)
            return view;
        var own = view.SenderId == caller.UserId;
        return view with
        {
            SenderId = own ? view.SenderId : null,
            ClientKey = own ? view.ClientKey : null,
            Metadata = null,
            Reactions = ReactionShaping.For(caller, view.Reactions),
        };
    }

    public static IReadOnlyList<MessageView> For(ChatCaller caller, IReadOnlyList<MessageView> views) =>
        caller.IsVisitor ? [.. views.Select(v => For(caller, v))] : views;

    /// <summary>
    /// The views as <paramref name="caller"/> may see them: shaped by their kind (<see cref="For(ChatCaller, MessageView)"/>),
    /// and an assistant's answers without what they quote from conversations the caller cannot see
    /// (<see cref="AnswerCitations"/>). Reads the database only when an answer cites a conversation.
    /// </summary>
    public static async Task<IReadOnlyList<MessageView>> ForAsync(ChatDbContext db, ChatCaller caller, IReadOnlyList<MessageView> views, CancellationToken ct)
    {
        var shaped = For(caller, views);
        var cited = shaped.SelectMany(AnswerCitations.CitedThreads).ToHashSet();
        if (cited.Count == 0)
            return shaped;
        var visible = await db.VisibleAmongAsync(caller, cited, ct);
        return [.. shaped.Select(v => AnswerCitations.For(v, visible))];
    }

    /// <inheritdoc cref="ForAsync(ChatDbContext, ChatCaller, IReadOnlyList{MessageView}, CancellationToken)"/>
    public static async Task<MessageView> ForAsync(ChatDbContext db, ChatCaller caller, MessageView view, CancellationToken ct) =>
        (await ForAsync(db, caller, [view], ct))[0];

    /// <remarks>
    /// The quote is read as three scalar subqueries on the primary key, not as one projected FirstOrDefault: EF Core
    /// translates that into a LEFT JOIN over a ROW_NUMBER() window of the whole Messages table, which cost seconds per
    /// page of history at a million messages (bench: open-thread).
    /// </remarks>
    private static ReplyPreview? Quote(long id, bool? deleted, string? senderName, string? content, SenderType sender) =>
        deleted is not { } isDeleted ? null : new ReplyPreview(id, senderName ?? "", isDeleted ? "" : Preview(AnswerCitations.PreviewText(sender, content ?? "")), isDeleted);

    private static MessageMetadataView? MetadataView(MessageMetadata? metadata) =>
        metadata is null ? null : new MessageMetadataView(metadata.Ai, metadata.System, metadata.Analysis);

    /// <summary>The quote of <paramref name="original"/> shown above a reply.</summary>
    internal static ReplyPreview Quote(Message original) =>
        new(original.Id, original.SenderName, original.DeletedAt == null ? Preview(AnswerCitations.PreviewText(original.SenderType, original.Content)) : "", original.DeletedAt != null);

    internal static MessageView ToView(Message m, ReplyPreview? replyTo) => new(
        m.Id, m.ThreadId, m.DeletedAt == null ? m.Content : "", m.Type, m.SenderId, m.SenderName, m.SenderType,
        m.Timestamp, m.Status, m.ReplyToId, replyTo, m.EditedAt, m.DeletedAt != null, m.ClientKey, MetadataView(m.Metadata),
        m.Attachments.Select(a => new AttachmentView(a.Id, a.Type, a.Name, a.Size, a.MimeType)).ToList()) { IsPrivate = m.IsPrivate };

    /// <summary>What the bus carries of a committed message (reactions and reply counts travel in their own events).</summary>
    public static MessageSnapshot ToSnapshot(MessageView m) => new(
        m.Id, m.ThreadId, m.Content, m.Type, m.SenderId, m.SenderName, m.SenderType, m.Timestamp, m.Status, m.ReplyToId,
        m.ReplyTo is { } q ? new QuoteSnapshot(q.Id, q.SenderName, q.Snippet, q.Deleted) : null,
        m.EditedAt, m.Deleted, m.ClientKey,
        m.Metadata is { } md ? new MetadataSnapshot(md.Ai, md.System, md.Analysis) : null,
        [.. m.Attachments.Select(a => new AttachmentSnapshot(a.Id, a.Type, a.Name, a.Size, a.MimeType))]) { IsPrivate = m.IsPrivate };

    /// <summary>
    /// A message from the bus as <paramref name="caller"/> sees it. It has no reactions and no reply count: a list
    /// that already shows the message keeps its own.
    /// </summary>
    public static MessageView FromSnapshot(ChatCaller caller, MessageSnapshot s) => For(caller, new MessageView(
        s.Id, s.ThreadId, s.Content, s.Type, s.SenderId, s.SenderName, s.SenderType, s.Timestamp, s.Status, s.ReplyToId,
        s.ReplyTo is { } q ? new ReplyPreview(q.Id, q.SenderName, q.Snippet, q.Deleted) : null,
        s.EditedAt, s.Deleted, s.ClientKey,
        s.Metadata is { } md ? new MessageMetadataView(md.Ai, md.System, md.Analysis) : null,
        [.. s.Attachments.Select(a => new AttachmentView(a.Id, a.Type, a.Name, a.Size, a.MimeType))]) { IsPrivate = s.IsPrivate });

    /// <summary>
    /// The thread list's line for a message; a message with only files says which (📎 invoice.pdf); an answer's citations
    /// are left out (<see cref="AnswerCitations.PreviewText"/>).
    /// </summary>
    public static string Preview(Message m) => Preview(AnswerCitations.PreviewText(m.SenderType, m.Content), m.Attachments.Select(a => a.Name));

    public static string Preview(MessageView m) => Preview(AnswerCitations.PreviewText(m.SenderType, m.Content), m.Attachments.Select(a => a.Name));

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
        var plain = Markdown.ToPlainText(content, PreviewPipeline);
        var flat = string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= PreviewLength ? flat : flat[..(PreviewLength - 1)] + "…";
    }
}
