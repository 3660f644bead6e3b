using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>What is known of a new contact; all optional (an anonymous visitor gives nothing).</summary>
public sealed record ContactDetails(string? Name = null, string? Email = null, string? Identifier = null, string? Phone = null, string? Company = null);

/// <summary>
/// The one write path of contacts. A contact is created together with the no-role, no-password user that stands for
/// it in conversations, in one commit, so neither exists without the other.
/// </summary>
public sealed class ContactService(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock, IChatEvents events, AuditLog audit)
{
    public async Task<Contact> CreateAsync(long? channelId, ContactDetails details, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = Stage(db, channelId, details, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return contact;
    }

    /// <summary>Adds a contact and its stand-in user to <paramref name="db"/>'s unit of work; the caller commits.</summary>
    internal static Contact Stage(ChatDbContext db, long? channelId, ContactDetails details, DateTime now)
    {
        var userId = Guid.NewGuid().ToString();
        var userName = "contact-" + userId;
        db.Users.Add(new AppUser
        {
            Id = userId,
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            DisplayName = DisplayName(details),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
            Presence = PresenceStatus.Offline,
        });
        var contact = new Contact
        {
            UserId = userId,
            ChannelId = channelId,
            Name = Clean(details.Name),
            Email = Clean(details.Email),
            Identifier = Clean(details.Identifier),
            Phone = Clean(details.Phone),
            Company = Clean(details.Company),
            CreatedAt = now,
            FirstSeenAt = now,
            LastSeenAt = now,
        };
        db.Contacts.Add(contact);
        return contact;
    }

    /// <summary>The contact with this host-site id in the channel (after merges: the survivor), or null.</summary>
    public async Task<Contact?> FindByIdentifierAsync(long channelId, string identifier, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking()
            .FirstOrDefaultAsync(c => c.ChannelId == channelId && c.Identifier == identifier && c.MergedIntoId == null, ct);
        return contact;
    }

    /// <summary>The contact, following merges to the survivor; null when it does not exist.</summary>
    public async Task<Contact?> GetAsync(long contactId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ResolveMergedAsync(db, contactId, ct);
    }

    /// <summary>Follows <see cref="Contact.MergedIntoId"/> to the contact that survived (a few hops at most).</summary>
    internal static async Task<Contact?> ResolveMergedAsync(ChatDbContext db, long contactId, CancellationToken ct)
    {
        for (var hops = 0; hops < 10; hops++)
        {
            var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId, ct);
            if (contact?.MergedIntoId is not { } next)
                return contact;
            contactId = next;
        }
        return null;
    }

    // The team's edits (staff only; reads are ContactDirectory's). Each commits once, then announces ContactChanged.

    /// <summary>
    /// Replaces the editable fields. The stand-in user's name follows the contact's, in the same commit, with the name on
    /// the contact's messages, so conversations show who the customer is now.
    /// </summary>
    public async Task UpdateAsync(ChatCaller caller, long contactId, UpdateContactRequest request, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        var fields = ContactRules.Validate(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await LoadForEditAsync(db, contactId, ct);
        if (fields.Identifier is { } identifier && identifier != contact.Identifier
            && await db.Contacts.AnyAsync(c => c.Id != contact.Id && c.ChannelId == contact.ChannelId && c.Identifier == identifier && c.MergedIntoId == null, ct))
            throw new ChatValidationException("identifier",
                $"Another contact of this website already has the identifier \"{identifier}\"; merge the two contacts instead.");
        (contact.Name, contact.Email, contact.Phone, contact.Company, contact.Identifier) =
            (fields.Name, fields.Email, fields.Phone, fields.Company, fields.Identifier);
        var renamed = await RenameUserAsync(db, contact, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (renamed is { } names)
        {
            await db.Messages.Where(m => m.SenderId == contact.UserId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SenderName, names.New).SetProperty(m => m.Version, m => m.Version + 1), ct);
            await db.Threads.Where(t => t.ContactId == contact.Id && t.LastMessageSenderName == names.Old)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastMessageSenderName, names.New), ct);
        }
        await transaction.CommitAsync(ct);
        events.Publish(new ContactChanged(contact.Id));
        if (renamed is not null)
            foreach (var threadId in await db.Participants.Where(p => p.UserId == contact.UserId).Select(p => p.ThreadId).ToListAsync(ct))
                events.Publish(new ThreadChanged(threadId));
    }

    /// <summary>Replaces the contact's custom attributes with <paramref name="attributes"/> (an empty map removes them all).</summary>
    public async Task ReplaceAttributesAsync(ChatCaller caller, long contactId, IReadOnlyDictionary<string, string?>? attributes, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        var map = ContactRules.ValidateAttributes(attributes);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await LoadForEditAsync(db, contactId, ct);
        contact.Attributes = map;
        await db.SaveChangesAsync(ct);
        events.Publish(new ContactChanged(contact.Id));
    }

    public async Task<ContactNoteView> AddNoteAsync(ChatCaller caller, long contactId, string? content, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        var text = ContactRules.ValidateNote(content);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await LoadForEditAsync(db, contactId, ct);
        var note = new ContactNote
        {
            ContactId = contact.Id,
            AuthorId = caller.UserId,
            AuthorName = caller.DisplayName.Length <= 100 ? caller.DisplayName : caller.DisplayName[..100],
            Content = text,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ContactNotes.Add(note);
        await db.SaveChangesAsync(ct);
        events.Publish(new ContactChanged(contact.Id));
        return new ContactNoteView(note.Id, note.AuthorId, note.AuthorName, note.Content, note.CreatedAt);
    }

    /// <summary>Deletes a note: its author's own, or any note for an admin.</summary>
    public async Task DeleteNoteAsync(ChatCaller caller, long contactId, long noteId, CancellationToken ct = default)
    {
        caller.RequireStaff("Contacts");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await LoadForEditAsync(db, contactId, ct);
        var note = await db.ContactNotes.FirstOrDefaultAsync(n => n.Id == noteId && n.ContactId == contact.Id, ct)
                   ?? throw new ChatNotFoundException($"Note {noteId}");
        if (note.AuthorId != caller.UserId && !caller.IsAdmin)
            throw new ChatForbiddenException("Only the note's author or an admin deletes a note.");
        db.ContactNotes.Remove(note);
        await db.SaveChangesAsync(ct);
        events.Publish(new ContactChanged(contact.Id));
    }

    /// <summary>
    /// Merges <paramref name="mergedId"/> into <paramref name="survivorId"/> in one transaction (see <see cref="ContactMerge"/>):
    /// conversations, notes, tokens and attributes move, the survivor's empty fields are filled, the merged contact is marked
    /// (and leaves the search), and the audit entry <c>contact.merged</c> commits with it. Supervisors and admins only.
    /// </summary>
    public async Task<ContactMergeResult> MergeAsync(ChatCaller caller, long survivorId, long mergedId, AuditActor? actor = null, CancellationToken ct = default)
    {
        ContactMerge.RequireMerger(caller);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (survivor, merged) = await ContactMerge.LoadPairAsync(db, survivorId, mergedId, ct);
        var before = new { survivor = Snapshot(survivor), merged = Snapshot(merged) };
        var plan = ContactMerge.Plan(survivor, merged);
        var now = clock.GetUtcNow().UtcDateTime;

        // The merged contact is marked first, so an identifier it hands over is free in the unique index.
        merged.MergedIntoId = survivor.Id;
        merged.MergedAt = now;
        await db.SaveChangesAsync(ct);
        ContactMerge.Absorb(survivor, merged, plan);
        var survivorUser = await db.Users.FirstAsync(u => u.Id == survivor.UserId, ct);
        survivorUser.DisplayName = DisplayName(survivor);
        await db.SaveChangesAsync(ct);
        var (threads, messages, notes, tokens) = await ContactMerge.MoveAsync(db, survivor, merged, survivorUser.DisplayName, ct);

        audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("contact.merged", "contact", survivor.Id.ToString(), DisplayName(survivor),
            Before: before, After: Snapshot(survivor),
            Detail: $"Merged contact {merged.Id} ({DisplayName(merged)}) into contact {survivor.Id}: {threads.Count} conversation(s), "
                    + $"{messages} message(s), {notes} note(s), {tokens} visitor token(s) moved."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        events.Publish(new ContactChanged(survivor.Id));
        events.Publish(new ContactChanged(merged.Id));
        foreach (var threadId in threads)
            events.Publish(new ThreadChanged(threadId));
        return new ContactMergeResult(survivor.Id, merged.Id, threads.Count, messages, notes, tokens, plan.AttributesTaken, plan.FieldsFilled);
    }

    /// <summary>
    /// Makes an existing no-role user a contact and its group conversations customer conversations (demo data and imports
    /// of customers who were people before contacts existed). Nothing is done for a user that already is a contact.
    /// </summary>
    internal async Task<Contact?> AdoptUserAsync(string userId, ContactDetails details, IReadOnlyDictionary<string, string> attributes,
        DateTime firstSeenAt, DateTime lastSeenAt, string? browser = null, string? os = null, string? pageUrl = null, string? pageTitle = null,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Contacts.AnyAsync(c => c.UserId == userId, ct))
            return null;
        var contact = new Contact
        {
            UserId = userId,
            Name = Clean(details.Name),
            Email = Clean(details.Email),
            Identifier = Clean(details.Identifier),
            Phone = Clean(details.Phone),
            Company = Clean(details.Company),
            Attributes = new Dictionary<string, string>(attributes),
            CreatedAt = firstSeenAt,
            FirstSeenAt = firstSeenAt,
            LastSeenAt = lastSeenAt,
            Browser = browser,
            Os = os,
            LastPageUrl = pageUrl,
            LastPageTitle = pageTitle,
        };
        db.Contacts.Add(contact);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.Threads.Where(t => t.Type == ThreadType.Group && t.ContactId == null && t.Participants.Any(p => p.UserId == userId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, contact.Id), ct);
        await transaction.CommitAsync(ct);
        return contact;
    }

    /// <summary>The contact to edit (after merges: its survivor), tracked.</summary>
    private static async Task<Contact> LoadForEditAsync(ChatDbContext db, long contactId, CancellationToken ct)
    {
        var resolved = await ResolveMergedAsync(db, contactId, ct) ?? throw new ChatNotFoundException($"Contact {contactId}");
        return await db.Contacts.FirstAsync(c => c.Id == resolved.Id, ct);
    }

    /// <summary>Gives the stand-in user the contact's display name; the old and new names when it changed.</summary>
    private static async Task<(string Old, string New)?> RenameUserAsync(ChatDbContext db, Contact contact, CancellationToken ct)
    {
        var user = await db.Users.FirstAsync(u => u.Id == contact.UserId, ct);
        var name = DisplayName(contact);
        if (user.DisplayName == name)
            return null;
        var old = user.DisplayName;
        user.DisplayName = name;
        return (old, name);
    }

    private static object Snapshot(Contact c) => new
    {
        id = c.Id, name = c.Name, email = c.Email, phone = c.Phone, company = c.Company, identifier = c.Identifier, channelId = c.ChannelId,
        attributes = new Dictionary<string, string>(c.Attributes),
    };

    /// <summary>The caller a contact acts as in conversations: a visitor, their own conversations only.</summary>
    public static ChatCaller CallerFor(Contact contact) => ChatCaller.Visitor(contact.UserId, DisplayName(contact));

    public static string DisplayName(Contact contact) =>
        DisplayName(new ContactDetails(contact.Name, contact.Email));

    private static string DisplayName(ContactDetails details) =>
        Clean(details.Name) ?? Clean(details.Email) ?? "Visitor";

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // The widget's updates of its visitor (VisitorService): last seen, what the visitor said of themselves, attributes.

    /// <summary>The visitor is here now (a request, a hub connection), on <paramref name="page"/> when known.</summary>
    public async Task TouchAsync(long contactId, VisitorPage? page = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // An erased contact stays erased: a widget still open on their page records nothing more.
        var rows = page is { } p
            ? await db.Contacts.Where(c => c.Id == contactId && c.ErasedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastSeenAt, now)
                .SetProperty(c => c.LastPageUrl, p.Url)
                .SetProperty(c => c.LastPageTitle, p.Title), ct)
            : await db.Contacts.Where(c => c.Id == contactId && c.ErasedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenAt, now), ct);
        if (rows > 0)
            events.Publish(new ContactChanged(contactId));
    }

    /// <summary>
    /// What the widget learnt of its visitor: the pre-chat form's name and email, the host site's identifier (only when
    /// no other contact of the channel has it), the browser, OS and page. Null fields leave what is stored.
    /// </summary>
    public async Task<Contact> UpdateFromVisitorAsync(long contactId, VisitorUpdate update, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.Include(c => c.User).FirstOrDefaultAsync(c => c.Id == contactId, ct)
                      ?? throw new ChatNotFoundException($"Contact {contactId}");
        contact.Name = Clean(update.Name) ?? contact.Name;
        contact.Email = Clean(update.Email) ?? contact.Email;
        if (Clean(update.Identifier) is { } identifier && contact.Identifier is null
            && !await db.Contacts.AnyAsync(c => c.ChannelId == contact.ChannelId && c.Identifier == identifier && c.MergedIntoId == null, ct))
            contact.Identifier = identifier;
        contact.Browser = Clean(update.Browser) ?? contact.Browser;
        contact.Os = Clean(update.Os) ?? contact.Os;
        if (update.Page is { } page)
            (contact.LastPageUrl, contact.LastPageTitle) = (page.Url, page.Title);
        contact.LastSeenAt = clock.GetUtcNow().UtcDateTime;
        contact.FirstSeenAt ??= contact.LastSeenAt;
        if (contact.User is { } user)
            user.DisplayName = DisplayName(contact); // the stand-in user carries the name into messages and lists
        await db.SaveChangesAsync(ct);
        events.Publish(new ContactChanged(contactId));
        return contact;
    }

    /// <summary>Sets the host page's attributes (setAttributes) over the stored ones; bounded by <see cref="VisitorAttributes"/>.</summary>
    public async Task SetAttributesAsync(long contactId, IReadOnlyDictionary<string, string> attributes, CancellationToken ct = default)
    {
        if (attributes.Count == 0)
            return;
        VisitorAttributes.Validate(attributes);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, ct)
                      ?? throw new ChatNotFoundException($"Contact {contactId}");
        var merged = new Dictionary<string, string>(contact.Attributes);
        foreach (var (key, value) in attributes)
            merged[key.Trim()] = value;
        if (merged.Count > VisitorAttributes.MaxKeys)
            throw new ChatValidationException("attributes", $"A contact can have at most {VisitorAttributes.MaxKeys} attributes; these would make {merged.Count}.");
        contact.Attributes = merged;
        await db.SaveChangesAsync(ct);
        events.Publish(new ContactChanged(contactId));
    }
}
