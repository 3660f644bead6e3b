using QanDu.Dashboard.Features.Access;
namespace QanDu.Dashboard.Features.Demo;

// Knowledge base of the demo workspace: signing in, security, users and the workspace itself.
internal sealed partial class DemoSeeder
{
    private static DemoArticle[] AccountArticles() =>
    [
        new("Resetting your password", "en", "account, password, sign-in", """
            On the sign-in page click **Forgot password?** and enter the email address of your account. We send a reset link that is valid for **one hour**.

            The link can be used once. If it has expired, request a new one. If the email does not arrive within a few minutes, check your spam folder and whether your company's mail filter blocks `no-reply@qandu.app`.

            Admins cannot see your password, but an admin can send you a new reset link from **Settings → Users**.
            """),
        new("Turning on two-factor authentication", "en", "account, security, 2fa", """
            Two-factor authentication (2FA) asks for a six-digit code from an authenticator app in addition to your password.

            1. Open **Profile → Security → Two-factor authentication**.
            2. Scan the QR code with an authenticator app such as Google Authenticator, Microsoft Authenticator or 1Password.
            3. Enter the code the app shows and save your **recovery codes** somewhere safe.

            Admins on the Business plan can require 2FA for everyone in the workspace.
            """),
        new("Lost phone: signing in with a recovery code", "en", "account, security, 2fa", """
            If your phone with the authenticator app is lost or replaced, sign in with one of the ten recovery codes you saved when you turned on 2FA. Each recovery code works once.

            After signing in, turn 2FA off and on again to connect your new phone.

            Without recovery codes, a workspace admin can reset 2FA for you under **Settings → Users → Reset two-factor**. The workspace owner's 2FA can only be reset by our support after an identity check.
            """),
        new("Account locked after failed sign-in attempts", "en", "account, sign-in, security", """
            After **5 wrong passwords in a row**, an account is locked for 15 minutes to stop password guessing. The lock lifts by itself; you do not need to contact anyone.

            If you do not remember the password, use **Forgot password?** rather than trying again: a successful reset also unlocks the account.

            Admins see locked users marked in **Settings → Users** and can unlock them at once.
            """),
        new("Single sign-on with SAML (Okta, Azure AD, Google)", "en", "account, sso, security", """
            On the Business plan, users can sign in through your identity provider with SAML 2.0.

            In **Settings → Security → Single sign-on**, copy our ACS URL and entity ID into your identity provider, then paste its metadata URL back. Test with one user before you turn on **Require SSO**.

            With SSO required, passwords and our 2FA are no longer used; your identity provider's policies apply. Keep one admin account outside SSO in case the provider is down.
            """),
        new("Changing the email address you sign in with", "en", "account, email", """
            Open **Profile → Account**, enter the new address and confirm it with your current password. We send a confirmation link to the new address; the change takes effect when you click it.

            Until then you sign in with the old address. Your conversations, settings and API keys stay as they are.

            If you no longer have access to the old mailbox, ask a workspace admin to change the address for you.
            """),
        new("Inviting people to your workspace", "en", "users, seats, team", """
            Admins invite new agents under **Settings → Users → Invite**. Enter one or more email addresses and choose a role.

            Each invitation link is valid for 7 days. An invited person takes a seat as soon as they accept; if all seats are taken, add seats first.

            Resend or revoke pending invitations from the same page.
            """),
        new("Roles: agent, supervisor and admin", "en", "users, roles, permissions", """
            - **Agents** handle the conversations they take part in or are assigned to.
            - **Supervisors** also see every conversation read-only, the live monitoring view and the knowledge base editor.
            - **Admins** manage users, labels, billing, API access and the AI settings.

            Change a person's role under **Settings → Users**; it applies the next time they load a page.
            """),
        new("Deleting your workspace for good", "en", "account, delete, gdpr", """
            The workspace owner can delete the workspace under **Settings → Workspace → Delete workspace**. You have to cancel the subscription first.

            Deletion is final: all conversations, files, users and settings are erased within 30 days, also from backups. We recommend exporting your data before.

            Deleting one user instead removes their access but keeps the conversations they took part in.
            """),
        new("Where your data is stored and how long we keep it", "en", "privacy, security, retention", """
            Your data is stored in data centres in **Frankfurt, Germany**, encrypted at rest and in transit.

            Conversations are kept as long as your workspace exists, unless you set a retention period under **Settings → Workspace → Retention** (for example 12 months), after which older conversations are deleted automatically.

            Backups are kept for 30 days. Our sub-processors are listed on our trust page.
            """),
        new("Requests under the GDPR: access and erasure", "en", "privacy, gdpr", """
            When one of **your customers** asks what personal data you hold about them, or asks to be forgotten, you are the controller and we help you answer.

            - **Access:** search for the person, open their profile and choose **Export personal data**: a ZIP with every conversation and file of that person.
            - **Erasure:** choose **Erase personal data**. Their messages are replaced by a note and their files deleted; the change is recorded in the audit log.

            Our data processing agreement (DPA) is available under **Settings → Workspace → Legal**.
            """),
    ];
}
