using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.People;

/// <summary>Puts an invitation or reset link into an email, when email is set up, and says what became of it.</summary>
public sealed class LinkMail(EmailSender sender)
{
    public bool IsConfigured => sender.IsConfigured;

    public async Task<IssuedLink> SendAsync(AppUser user, OneTimeLinkPurpose purpose, string url, DateTime expiresAt, CancellationToken ct = default)
    {
        if (!sender.IsConfigured)
            return new IssuedLink(url, expiresAt, EmailDelivery.NotConfigured);
        var (subject, body) = purpose == OneTimeLinkPurpose.Invitation
            ? ("You are invited to your team's QanDu inbox",
               $"""
               Hello {user.DisplayName},

               You have been invited to your team's support inbox on QanDu. Open this link to choose your password and sign in:

               {url}

               The link works once and expires on {expiresAt:d MMMM yyyy 'at' HH:mm} UTC. If it has expired, ask an admin of your team for a new one.
               """)
            : ("Choose a new password for QanDu",
               $"""
               Hello {user.DisplayName},

               An admin of your team created a link for you to choose a new password:

               {url}

               The link works once and expires on {expiresAt:d MMMM yyyy 'at' HH:mm} UTC. If you did not expect this, tell your admin.
               """);
        var error = await sender.TrySendAsync(user.DisplayName, user.Email!, subject, body, ct);
        return new IssuedLink(url, expiresAt, error is null ? EmailDelivery.Sent : EmailDelivery.Failed, error);
    }
}
