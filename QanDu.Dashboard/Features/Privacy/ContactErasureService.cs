using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Privacy;

/// <summary>What erasing a contact would do (the confirmation shows it) or did.</summary>
public sealed record ContactErasure(long ContactId, bool AlreadyErased, DateTime? ErasedAt, int Conversations, int Messages, int Files,
    int Notes, int WidgetSessions, string Message);

/// <summary>The name of an erased contact and the text that replaces every message they wrote.</summary>
public static class Erased
{
    public const string ContactName = "Erased contact";
    public const string MessageText = "This message was erased at the customer's request.";
    public const string ConversationTitle = "Conversation with an erased contact";
}

/// <summary>
/// Erases a contact (a GDPR erasure request), admins only, in one transaction: the contact's details, attributes and the
/// team's notes about them are cleared; every message they wrote becomes a tombstone (its files, edit history and intent
/// corrections go); conversation titles and rating comments, which are their words, are replaced; their widget sessions
/// are revoked; <see cref="Contact.ErasedAt"/> is set; and the audit entry (who, when, counts, never the content) commits
/// with it. The conversations stay, with the team's replies, so reports still add up. The files are deleted after the
/// commit (a stop in between leaves them to the next sweep). Erasing again changes nothing and says so.
/// </summary>
public sealed class ContactErasureService(
    IDbContextFactory<ChatDbContext> dbFactory,
    StoredFileCleanup files,
    VisitorTokens tokens,
    AuditLog audit,
    IChatEvents events,
    TimeProvider clock)
{
    /// <summary>What <see cref="EraseAsync"/> would change now.</summary>
    public async Task<(string DisplayName, ContactErasure Plan)> PreviewAsync(ChatCaller caller, long contactId, CancellationToken ct = default)
    {
        PrivacyRules.RequireAdmin(caller, "erase contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await ContactService.ResolveMergedAsync(db, contactId, ct) ?? throw new ChatNotFoundException($"Contact {contactId}");
        var theirs = db.Messages.Where(m => m.SenderId == contact.UserId);
        var plan = new ContactErasure(contact.Id, contact.ErasedAt is not null, contact.ErasedAt,
            await db.Threads.CountAsync(t => t.ContactId == contact.Id, ct),
            await theirs.CountAsync(m => m.DeletedAt == null, ct),
            await db.Attachments.CountAsync(a => theirs.Any(m => m.Id == a.MessageId), ct),
            await db.ContactNotes.CountAsync(n => n.ContactId == contact.Id, ct),
            await db.VisitorTokens.CountAsync(t => t.ContactId == contact.Id && t.RevokedAt == null, ct),
            contact.ErasedAt is { } at ? AlreadyErasedText(contact.Id, at) : "");
        return (ContactService.DisplayName(contact), plan);
    }

    public async Task<ContactErasure> EraseAsync(ChatCaller caller, AuditActor actor, long contactId, CancellationToken ct = default)
    {
        PrivacyRules.RequireAdmin(caller, "erase contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var resolved = await ContactService.ResolveMergedAsync(db, contactId, ct) ?? throw new ChatNotFoundException($"Contact {contactId}");
        var contact = await db.Contacts.FirstAsync(c => c.Id == resolved.Id, ct);
        if (contact.ErasedAt is { } erasedAt)
            return new ContactErasure(contact.Id, true, erasedAt, 0, 0, 0, 0, 0, AlreadyErasedText(contact.Id, erasedAt));

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = contact.UserId;
        var theirs = db.Messages.Where(m => m.SenderId == userId);
        var messageIds = await theirs.Select(m => m.Id).ToListAsync(ct);
        var live = await theirs.CountAsync(m => m.DeletedAt == null, ct);
        var storedNames = await db.Attachments.Where(a => theirs.Any(m => m.Id == a.MessageId)).Select(a => a.StoredName).ToListAsync(ct);
        var threads = await db.Threads.Where(t => t.ContactId == contact.Id || db.Messages.Any(m => m.ThreadId == t.Id && m.SenderId == userId))
            .Select(t => t.Id).ToListAsync(ct);

        // Attachments first, so the search triggers re-index each message with no file names; then the text.
        await db.Attachments.Where(a => theirs.Any(m => m.Id == a.MessageId)).ExecuteDeleteAsync(ct);
        await db.MessageEdits.Where(e => theirs.Any(m => m.Id == e.MessageId)).ExecuteDeleteAsync(ct);
        await db.IntentCorrections.Where(c => theirs.Any(m => m.Id == c.MessageId)).ExecuteDeleteAsync(ct);
        await theirs.Where(m => m.DeletedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Content, Erased.MessageText)
            .SetProperty(m => m.Type, MessageType.Text)
            .SetProperty(m => m.Metadata, (MessageMetadata?)null), ct);
        await theirs.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SenderName, Erased.ContactName)
            .SetProperty(m => m.Version, m => m.Version + 1), ct);
        await db.Threads.Where(t => t.LastMessageId != null && messageIds.Contains(t.LastMessageId.Value)).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.LastMessagePreview, t => db.Messages.Any(m => m.Id == t.LastMessageId && m.DeletedAt != null) ? "Message deleted" : Erased.MessageText)
            .SetProperty(t => t.LastMessageSenderName, Erased.ContactName), ct);
        // A conversation's title starts as the customer's first words, and a rating comment is theirs too.
        await db.Threads.Where(t => t.ContactId == contact.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Title, Erased.ConversationTitle)
            .SetProperty(t => t.RatingComment, (string?)null), ct);

        var notes = await db.ContactNotes.Where(n => n.ContactId == contact.Id).ExecuteDeleteAsync(ct);
        var sessions = await VisitorTokens.RevokeAllAsync(db, contact.Id, now, ct);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, Erased.ContactName), ct);
        contact.Name = Erased.ContactName;
        (contact.Email, contact.Phone, contact.Company, contact.Identifier) = (null, null, null, null);
        contact.Attributes = [];
        (contact.Browser, contact.Os, contact.LastPageUrl, contact.LastPageTitle) = (null, null, null, null);
        contact.ErasedAt = now;
        var conversations = threads.Count;
        audit.Add(db, actor, new AuditRecord("contact.erased", "contact", contact.Id.ToString(), $"Contact {contact.Id}",
            After: new { erasedAt = now, conversations, messages = live, files = storedNames.Count, notes, widgetSessions = sessions },
            Detail: $"Erased contact {contact.Id} at the customer's request: {live} message(s) replaced by a tombstone, {storedNames.Count} file(s), "
                    + $"{notes} note(s) and the contact's details removed, {sessions} widget session(s) revoked; {conversations} conversation(s) kept."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        tokens.ForgetContact(contact.Id);
        await files.DeleteUnreferencedAsync(storedNames, ct);
        await PublishAsync(contact.Id, messageIds, threads, ct);
        return new ContactErasure(contact.Id, false, now, conversations, live, storedNames.Count, notes, sessions,
            $"Contact {contact.Id} was erased: {live} message(s) replaced, {storedNames.Count} file(s) deleted.");
    }

    /// <summary>Open conversations show the tombstones live; lists and the contact's page refresh.</summary>
    private async Task PublishAsync(long contactId, IReadOnlyList<long> messageIds, IReadOnlyList<long> threads, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var id in messageIds)
        {
            var view = await MessageQueries.ViewAsync(db, id, ct);
            events.Publish(new MessageUpdated(MessageProjection.ToSnapshot(view)));
        }
        foreach (var threadId in threads)
            events.Publish(new ThreadChanged(threadId));
        events.Publish(new ContactChanged(contactId));
    }

    private static string AlreadyErasedText(long contactId, DateTime at) =>
        $"Contact {contactId} was already erased on {at:yyyy-MM-dd HH:mm} UTC; there is nothing more to erase.";
}
