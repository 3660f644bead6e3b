using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.HelpCenter;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>The visitor's identity was claimed with a wrong hash, or a channel that requires one got none: nothing changed.</summary>
public sealed class IdentityVerificationException(string message) : Exception(message);

/// <summary>
/// Widget sessions: a new anonymous visitor, a returning one (their token), or a host site's signed-in user proven by
/// <c>identifierHash = hex(HMAC-SHA256(channel.IdentitySecret, identifier))</c>. What the visitor says of themselves
/// (pre-chat form, page, browser) updates their contact through <see cref="ContactService"/>.
/// </summary>
public sealed class VisitorService(
    ChannelLookup channels, ContactService contacts, VisitorTokens tokens, CustomerConversations conversations, HelpCenterService help, TimeProvider clock)
{
    public async Task<(SessionView Session, WebsiteChannel Channel)> StartSessionAsync(
        SessionRequest request, Func<WebsiteChannel, string?> refusedOrigin, string? userAgent, CancellationToken ct = default)
    {
        var channel = await channels.FindByTokenAsync(request.WebsiteToken ?? "", ct)
                      ?? throw new ChatNotFoundException($"Website channel '{Clip(request.WebsiteToken)}'");
        if (refusedOrigin(channel) is { } origin)
            throw new WidgetOriginException(origin, channel);
        var name = Optional("name", request.Name, 100);
        var email = Optional("email", request.Email, 256);
        if (email is not null && !IsEmail(email))
            throw new ChatValidationException("email", $"'{Clip(email)}' is not an email address.");
        var identifier = Optional("identifier", request.Identifier, 128);
        var page = request.Page is { } p ? new VisitorPage(Optional("page.url", p.Url, 2048), Optional("page.title", p.Title, 200)) : null;
        if (request.Attributes is { } attributes)
            VisitorAttributes.Validate(attributes);

        var current = await tokens.FindAsync(request.VisitorToken, ct) is { } known && known.ChannelId == channel.Id ? known : null;
        var proven = identifier is not null && channel.Verification != IdentityVerification.Off && request.IdentifierHash is not null;
        if (proven && !HashMatches(channel, identifier!, request.IdentifierHash!))
            throw new IdentityVerificationException("identity verification failed: the identifier's hash does not match (HMAC-SHA256 of the id with the channel's identity secret, lowercase hex).");
        if (channel.Verification == IdentityVerification.Required && !proven && current is not { Verified: true })
            throw new IdentityVerificationException("identity verification failed: this website requires a verified identity; identify with the user's id and its hash.");

        string token;
        long contactId;
        bool verified;
        if (proven)
        {
            // The proven identifier decides the contact: theirs if known, else this visitor's own if anonymous, else new.
            var owner = await contacts.FindByIdentifierAsync(channel.Id, identifier!, ct);
            contactId = owner?.Id
                        ?? (current is not null && (await contacts.GetAsync(current.ContactId, ct))?.Identifier is null ? current.ContactId : 0);
            if (contactId == 0)
                contactId = (await contacts.CreateAsync(channel.Id, new ContactDetails(Identifier: identifier), ct)).Id;
            verified = true;
            if (current is not null && current.ContactId == contactId)
            {
                token = request.VisitorToken!;
                await tokens.MarkUsedAsync(token, verified: true, ct);
            }
            else
                token = await tokens.IssueAsync(contactId, channel.Id, verified: true, ct);
        }
        else if (current is not null)
        {
            (token, contactId, verified) = (request.VisitorToken!, current.ContactId, current.Verified);
            await tokens.MarkUsedAsync(token, verified: false, ct);
        }
        else
        {
            contactId = (await contacts.CreateAsync(channel.Id, new ContactDetails(), ct)).Id;
            verified = false;
            token = await tokens.IssueAsync(contactId, channel.Id, verified: false, ct);
        }

        var (browser, os) = UserAgents.Describe(userAgent);
        // An identifier is recorded when proven, or when the channel verifies nothing (then it never switches contacts);
        // unproven under Optional it would let a stranger claim someone's id before they identify.
        var contact = await contacts.UpdateFromVisitorAsync(contactId,
            new VisitorUpdate(name, email, proven || channel.Verification == IdentityVerification.Off ? identifier : null, browser, os, page), ct);
        if (request.Attributes is { Count: > 0 } attrs)
            await contacts.SetAttributesAsync(contactId, attrs, ct);
        tokens.Forget(token);
        var visitor = Visitor.From(contact, channel.Id, token, verified);
        var list = await conversations.ListAsync(visitor, ct);
        var helpCenter = await help.AnyAsync(ct); // the widget offers a help search only when there is something to find
        return (new SessionView(token, contact.Id, verified, ChannelFor(channel, helpCenter), new ContactView(contact.Name, contact.Email), list), channel);
    }

    /// <summary>Constant-time comparison of the host site's hash with the one the channel's secret gives.</summary>
    public static bool HashMatches(WebsiteChannel channel, string identifier, string hash)
    {
        if (string.IsNullOrEmpty(channel.IdentitySecret))
            return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(channel.IdentitySecret), Encoding.UTF8.GetBytes(identifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(hash.Trim().ToLowerInvariant()));
    }

    private ChannelView ChannelFor(WebsiteChannel c, bool helpCenter) => new(
        c.Name, c.Greeting, c.Color, WidgetWords.Camel(c.Position),
        new PreChatView(WidgetWords.Camel(c.PreChatName), WidgetWords.Camel(c.PreChatEmail)),
        ChannelHours.IsOpen(c, clock.GetUtcNow().UtcDateTime), c.AwayMessage, c.ExpectedReplyTime,
        WidgetWords.Camel(c.OutsideHours), WidgetWords.Camel(c.Verification), helpCenter);

    private static string? Optional(string field, string? value, int max)
    {
        TextInput.RefuseNul(field, value);
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var trimmed = value.Trim();
        return trimmed.Length <= max ? trimmed : throw new ChatValidationException(field, $"The {field} can be at most {max} characters.");
    }

    private static bool IsEmail(string email) =>
        MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal);

    private static string Clip(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A request from a website the channel does not allow (403).</summary>
public sealed class WidgetOriginException(string origin, WebsiteChannel channel) : Exception($"Origin {origin} is not allowed.")
{
    public string Origin { get; } = origin;
    public WebsiteChannel Channel { get; } = channel;
}
