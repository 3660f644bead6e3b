using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>What is known of a new contact; all optional (an anonymous visitor gives nothing).</summary>
public sealed record ContactDetails(string? Name = null, string? Email = null, string? Identifier = null, string? Phone = null, string? Company = null);

/// <summary>
/// The one write path of contacts. A contact is created together with the no-role, no-password user that stands for
/// it in conversations, in one commit, so neither exists without the other.
/// </summary>
public sealed class ContactService(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock, IChatEvents events)
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
        var rows = page is { } p
            ? await db.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastSeenAt, now)
                .SetProperty(c => c.LastPageUrl, p.Url)
                .SetProperty(c => c.LastPageTitle, p.Title), ct)
            : await db.Contacts.Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenAt, now), ct);
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
