using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Contacts;

namespace QanDu.Dashboard.Features.Privacy;

/// <summary>
/// Exports everything about a contact (<see cref="ContactExport"/>). Admins only: the export holds private notes and
/// every conversation, which agents do not all see. Each export is recorded in the audit log (who, which contact, the
/// counts; never the content).
/// </summary>
public sealed class ContactExportService(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<ContactExport> ExportAsync(ChatCaller caller, AuditActor actor, long contactId, CancellationToken ct = default)
    {
        PrivacyRules.RequireAdmin(caller, "export a contact's data");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await ContactService.ResolveMergedAsync(db, contactId, ct) ?? throw new ChatNotFoundException($"Contact {contactId}");
        var channel = contact.ChannelId is { } channelId
            ? await db.Channels.Where(c => c.Id == channelId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        var merged = await db.Contacts.Where(c => c.MergedIntoId == contact.Id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var notes = await db.ContactNotes.AsNoTracking().Where(n => n.ContactId == contact.Id).OrderBy(n => n.Id)
            .Select(n => new ContactExportNote(n.Id, n.AuthorName, n.Content, n.CreatedAt)).ToListAsync(ct);
        var sessions = await db.VisitorTokens.AsNoTracking().Where(t => t.ContactId == contact.Id).OrderBy(t => t.Id)
            .Select(t => new ContactExportSession(t.CreatedAt, t.LastUsedAt, t.RevokedAt, t.Verified)).ToListAsync(ct);
        var threads = await db.Threads.AsNoTracking().Where(t => t.ContactId == contact.Id).OrderBy(t => t.Id).ToListAsync(ct);
        var threadIds = threads.Select(t => t.Id).ToList();
        var messages = (await db.Messages.AsNoTracking().Include(m => m.Attachments)
                .Where(m => threadIds.Contains(m.ThreadId)).OrderBy(m => m.Id).ToListAsync(ct))
            .ToLookup(m => m.ThreadId);

        var conversations = threads.Select(t => new ContactExportConversation(
            t.Id, t.Title, ThreadStatusChange.Name(t.Status, customer: true), t.CreatedAt, t.ResolvedAt, t.Rating, t.RatingComment, t.RatedAt,
            [.. messages[t.Id].Select(m => Message(m, contact.UserId))])).ToList();
        var export = new ContactExport(clock.GetUtcNow().UtcDateTime, caller.DisplayName,
            new ContactExportDetails(contact.Id, contact.Name, contact.Email, contact.Phone, contact.Company, contact.Identifier,
                contact.ChannelId, channel, new SortedDictionary<string, string>(contact.Attributes, StringComparer.Ordinal),
                contact.CreatedAt, contact.FirstSeenAt, contact.LastSeenAt, contact.Browser, contact.Os, contact.LastPageUrl, contact.LastPageTitle,
                contact.ErasedAt, merged),
            notes, sessions, conversations);

        audit.Add(db, actor, new AuditRecord("contact.exported", "contact", contact.Id.ToString(), $"Contact {contact.Id}",
            Detail: $"Exported contact {contact.Id}: {conversations.Count} conversation(s), {conversations.Sum(c => c.Messages.Count)} message(s), "
                    + $"{notes.Count} note(s)."));
        await db.SaveChangesAsync(ct);
        return export;
    }

    private static ContactExportMessage Message(Message m, string contactUserId) => new(
        m.Id, m.Timestamp,
        m.SenderId == contactUserId ? "contact" : m.SenderType switch { SenderType.Ai => "assistant", SenderType.System => "system", _ => "staff" },
        m.SenderName,
        m.DeletedAt is null ? m.Content : "",
        m.IsPrivate,
        m.DeletedAt is not null,
        m.EditedAt,
        [.. m.Attachments.OrderBy(a => a.Id).Select(a => new ContactExportFile(a.Id, a.Name, a.Type, a.MimeType, a.Size, $"/api/chat/files/{a.Id}"))]);
}
