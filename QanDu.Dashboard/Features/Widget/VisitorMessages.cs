using Microsoft.AspNetCore.DataProtection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Rendering;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// A message as the visitor sees it: Markdown rendered by the staff's own sanitizing renderer, the sender by kind and
/// display name only, and file links signed for this contact (an image tag cannot send the bearer token). Private notes
/// never get here: callers drop them first, and shaping refuses one as a last line.
/// </summary>
public sealed class VisitorMessages(MarkdownRenderer markdown, IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan FileLinkLifetime = TimeSpan.FromHours(12);
    private readonly ITimeLimitedDataProtector _links = protection.CreateProtector("QanDu.Widget.FileLinks").ToTimeLimitedDataProtector();

    /// <param name="visitor">The visitor it is shaped for.</param>
    /// <param name="contactId">Their contact (file links are signed for it).</param>
    /// <param name="view">The message as stored.</param>
    /// <param name="feedback">On an assistant's message: the visitor's vote, "helpful" or "unhelpful" (null: none).</param>
    public VisitorMessage For(ChatCaller visitor, long contactId, MessageView view, string? feedback = null)
    {
        if (view.IsPrivate)
            throw new InvalidOperationException("A private note must never be shaped for a visitor.");
        // Read before shaping drops the metadata: only help-center links, never staff-only ones (/knowledge, earlier conversations).
        var assistant = view.SenderType == SenderType.Ai
            ? new VisitorAssistant([.. (view.Metadata?.Ai?.Sources ?? [])
                .Where(s => s.Url.StartsWith(HelpLinks.Root + "/", StringComparison.Ordinal))
                .Select(s => new VisitorSource(s.Title, s.Url))], feedback)
            : null;
        var shaped = MessageProjection.For(visitor, view);
        var own = shaped.SenderType == SenderType.User && shaped.SenderId == visitor.UserId;
        var sender = shaped.SenderType switch
        {
            SenderType.Ai => new SenderView("assistant", shaped.SenderName),
            SenderType.System => new SenderView("system", shaped.SenderName),
            _ when own => new SenderView("contact", shaped.SenderName),
            _ => new SenderView("agent", shaped.SenderName),
        };
        var content = shaped.Deleted ? "" : shaped.Content;
        return new VisitorMessage(
            shaped.Id, shaped.ThreadId, content, markdown.ToHtml(content), sender, shaped.Timestamp,
            WidgetWords.MessageStatus(shaped.Status), own ? shaped.ClientKey : null,
            shaped.Deleted ? [] : [.. shaped.Attachments.Select(a => new VisitorAttachment(a.Id, a.Name, a.Size, a.MimeType, FileUrl(contactId, a.Id)))],
            shaped.Deleted, assistant);
    }

    public VisitorMessage For(ChatCaller visitor, long contactId, MessageSnapshot snapshot) =>
        For(visitor, contactId, MessageProjection.FromSnapshot(ChatCaller.System("widget"), snapshot));

    /// <summary>A link to an attached file that works for this contact only, for <see cref="FileLinkLifetime"/>.</summary>
    public string FileUrl(long contactId, long attachmentId) =>
        $"{WidgetApi.Prefix}/files/{attachmentId}?sig={Uri.EscapeDataString(_links.Protect($"{contactId}:{attachmentId}", clock.GetUtcNow() + FileLinkLifetime))}";

    /// <summary>The contact a file link was signed for, when it is valid for this attachment and not expired.</summary>
    public long? ContactOfFileLink(long attachmentId, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
            return null;
        try
        {
            var parts = _links.Unprotect(signature, out _).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], out var contactId) && parts[1] == attachmentId.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ? contactId
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // forged, for another purpose, or expired
        }
    }
}
