using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>
/// Reading contacts, for the team only: search (full-text over the <c>ContactSearch</c> index, each word a prefix), the
/// recently seen when there is no query, and one contact with its notes and the conversations the reader may see.
/// </summary>
public sealed class ContactDirectory(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>A contact seen this recently is on the page it last reported ("live").</summary>
    public static readonly TimeSpan LiveWindow = TimeSpan.FromMinutes(5);

    public async Task<ContactPage> ListAsync(ChatCaller caller, string? query, int page = 1, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        page = Math.Max(1, page);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contacts = db.Contacts.AsNoTracking().Where(c => c.MergedIntoId == null);
        if (ContactSearchQuery.ToMatch(query) is { } match)
        {
            // The match expression is a parameter: the user's words never become SQL.
            var hits = db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM ContactSearch WHERE ContactSearch MATCH {match}");
            contacts = contacts.Where(c => hits.Contains(c.Id));
        }
        var threads = db.Threads.Visible(caller);
        var rows = await contacts
            .OrderByDescending(c => c.LastSeenAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(c => new { c.Id, c.Name, c.Email, c.Company, c.LastSeenAt, Conversations = threads.Count(t => t.ContactId == c.Id) })
            .ToListAsync(ct);
        var items = rows.Take(PageSize)
            .Select(r => new ContactListItem(r.Id, ContactService.DisplayName(new Contact { Name = r.Name, Email = r.Email }), r.Email, r.Company,
                r.LastSeenAt, r.Conversations))
            .ToList();
        return new ContactPage(items, page, rows.Count > PageSize);
    }

    /// <summary>The contact (after merges: its survivor) with notes and visible conversations; not found when it does not exist.</summary>
    public async Task<ContactView> GetAsync(ChatCaller caller, long contactId, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await ContactService.ResolveMergedAsync(db, contactId, ct) ?? throw new ChatNotFoundException($"Contact {contactId}");
        return await ViewAsync(db, caller, contact, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The customer of a conversation the caller sees, or null for a staff thread (or one the caller does not see).</summary>
    public async Task<ContactView?> ForThreadAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contactId = await ContactIdAsync(db, caller, threadId, ct);
        if (contactId is null || await ContactService.ResolveMergedAsync(db, contactId.Value, ct) is not { } contact)
            return null;
        return await ViewAsync(db, caller, contact, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Whether a thread the caller sees is a customer conversation (one indexed read, for the thread header).</summary>
    public async Task<long?> ContactIdForThreadAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ContactIdAsync(db, caller, threadId, ct);
    }

    /// <summary>What merging <paramref name="mergedId"/> into <paramref name="survivorId"/> would move (refused as the merge would be).</summary>
    public async Task<ContactMergePreview> PreviewMergeAsync(ChatCaller caller, long survivorId, long mergedId, CancellationToken ct = default)
    {
        ContactMerge.RequireMerger(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (survivor, merged) = await ContactMerge.LoadPairAsync(db, survivorId, mergedId, ct);
        var plan = ContactMerge.Plan(survivor, merged);
        return new ContactMergePreview(survivor.Id, ContactService.DisplayName(survivor), merged.Id, ContactService.DisplayName(merged),
            await db.Threads.CountAsync(t => t.ContactId == merged.Id, ct),
            await db.ContactNotes.CountAsync(n => n.ContactId == merged.Id, ct),
            await db.VisitorTokens.CountAsync(t => t.ContactId == merged.Id, ct),
            plan.AttributesTaken, plan.FieldsFilled);
    }

    private static async Task<long?> ContactIdAsync(ChatDbContext db, ChatCaller caller, long threadId, CancellationToken ct) =>
        await db.Threads.Visible(caller).Where(t => t.Id == threadId).Select(t => t.ContactId).FirstOrDefaultAsync(ct);

    /// <summary>The contact as the API shows it (also the body of the contact webhooks, read inside the commit that changed it).</summary>
    internal static async Task<ContactView> ViewAsync(ChatDbContext db, ChatCaller caller, Contact c, DateTime now, CancellationToken ct)
    {
        var channel = c.ChannelId is { } channelId
            ? await db.Channels.Where(x => x.Id == channelId).Select(x => x.Name).FirstOrDefaultAsync(ct)
            : null;
        var verified = await db.VisitorTokens.AnyAsync(t => t.ContactId == c.Id && t.Verified, ct);
        var notes = await db.ContactNotes.AsNoTracking().Where(n => n.ContactId == c.Id)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => new ContactNoteView(n.Id, n.AuthorId, n.AuthorName, n.Content, n.CreatedAt))
            .ToListAsync(ct);
        var conversations = await db.Threads.Visible(caller).AsNoTracking().Where(t => t.ContactId == c.Id)
            .OrderByDescending(t => t.LastMessageAt ?? t.CreatedAt).Take(50)
            .Select(t => new ContactConversationView(t.Id, t.Title ?? "", t.Status, t.CreatedAt, t.LastMessageAt, t.LastMessagePreview))
            .ToListAsync(ct);
        conversations = [.. conversations.Select(t => t.Title.Length > 0 ? t : t with { Title = $"Conversation #{t.Id}" })];
        var live = c.LastSeenAt is { } seen && now - seen <= LiveWindow;
        return new ContactView(c.Id, c.UserId, c.ChannelId, channel, ContactService.DisplayName(c), c.Name, c.Email, c.Phone, c.Identifier,
            verified, c.Company, new SortedDictionary<string, string>(c.Attributes, StringComparer.OrdinalIgnoreCase), c.CreatedAt,
            c.FirstSeenAt, c.LastSeenAt, c.Browser, c.Os, c.LastPageUrl, c.LastPageTitle, live, notes, conversations);
    }
}
