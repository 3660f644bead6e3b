using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Customer conversations about accounts and access: 2FA, password resets, privacy, seats, ownership.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] AccountConversations() =>
    [
        new(ThreadType.Group, "Locked out after losing my 2FA phone", ["aiko", "maya", "priya"], Ago(days: 1, hours: 21),
        [
            new("aiko", TimeSpan.Zero, "Hi, I got a new phone yesterday and didn't move my authenticator app over. Now I can't sign in — it keeps asking for the 6-digit code, and I can't find my backup codes. Help?"),
            new("maya", Min(5), "Hi Aiko, I'm sorry you're locked out — this happens more often than you'd think. A quick check first: did you save the **backup codes** when you set up 2FA? They're ten codes like `4f7k-29xq`, often kept in a password manager or a downloaded `backup-codes.txt`."),
            new("aiko", Min(7), "I looked in 1Password and my downloads folder. Nothing. 😞"),
            new("maya", Min(3), """
                No problem, we can still get you back in. Because 2FA protects your account, we need to be sure it's really you before we remove it. Could you:

                1. Confirm you're writing from the address on the account (aiko.tanaka@example.com),
                2. Tell me the **last 4 digits** of the card on your workspace's subscription, and
                3. Name one other admin in your workspace?

                A supervisor also approves every 2FA reset — that's our standard policy, not a sign that anything is wrong.
                """),
            new("aiko", Min(12), "Yes, it's my work address. The card ends in 2288, and the other admin is Kenji Watanabe."),
            new("maya", Min(2), "Thank you, all three match our records. Priya, could you approve a 2FA reset for Aiko?"),
            new("priya", Min(9), "Approved. Aiko, for your security we'll also let Kenji know that 2FA was reset on your account — that's expected, and he doesn't need to do anything.", ReplyToLine: 5),
            new("maya", Min(1), "Done! 2FA is now off for your account. Please sign in and set it up again straight away under **Profile → Security → Two-factor authentication**, and save the new backup codes somewhere you'll find them: https://docs.example.com/security/2fa#backup-codes"),
            new("aiko", Min(6), "I'm in! 2FA is set up again, and the backup codes are in 1Password this time."),
            new("aiko", Sec(45), "That was much less painful than I feared. Thank you both!"),
            new("maya", Min(2), "Glad to hear it, Aiko! One tip for next time: most authenticator apps can transfer their accounts to a new phone — just do it before you wipe the old one."),
        ]),

        new(ThreadType.Group, "Password reset email never arrives", ["grace", "maya"], Ago(days: 3, hours: 2),
        [
            new("grace", TimeSpan.Zero, "I've clicked 'Forgot password' four times now and no email arrives. It's not in spam either. My address is grace.oconnor@example.com."),
            new("maya", Min(12), "Hi Grace, sorry about this! I checked our mail logs: all four reset emails were **accepted** by your company's mail server, so they're being held somewhere on your side. Does your company use a filtering service such as Microsoft Defender or Mimecast?"),
            new("grace", Min(20), "Microsoft 365 with Defender, I think. I'm not in IT though."),
            new("maya", Min(4), """
                That's very likely the cause: Defender sometimes quarantines emails that contain sign-in links. Two options:

                - Ask your IT team to check the **quarantine** for messages from `no-reply@mail.example.com` and allowlist that sender, or
                - I send you a one-time sign-in link from here, valid for 15 minutes, so you can set a new password now.

                Which would you prefer?
                """),
            new("grace", Min(3), "The one-time link please, I have a client call in half an hour."),
            new("maya", Min(1), "Sent! It comes from the same address, so if it hasn't arrived within a couple of minutes, the quarantine is definitely the cause and we'll try another way."),
            new("grace", Min(4), "It arrived — in the quarantine digest, as you predicted. I'm in and I've changed my password."),
            new("maya", Min(2), "Great! Here's a page you can forward to IT with everything they need to allowlist us: https://docs.example.com/admin/email-deliverability. Good luck with your call!"),
            new("grace", Hr(3, 10), "IT has allowlisted you, and a test reset came straight through. Thanks again, Maya."),
        ]),

        new(ThreadType.Group, "GDPR request: copy of my personal data", ["lucas", "sofia", "priya"], Ago(days: 4, hours: 22),
        [
            new("lucas", TimeSpan.Zero, "Hello, under Article 15 of the GDPR I'd like a copy of all personal data you hold about me as a user of our company workspace. What is the process?"),
            new("sofia", Hr(1), """
                Hi Lucas, thanks for your request. There are two parts to it:

                - **Data in your company's workspace** (messages, files, profile): you can download your own under **Profile → Privacy → Export my data**. Your workspace admin controls the rest.
                - **Data we hold as a company** (account, sign-in history, support conversations): we compile this for you.

                I've opened a privacy request for the second part. We answer within 30 days, usually much faster.
                """),
            new("lucas", Min(25), "Thanks. The 'Export my data' button gives me a ZIP, but most files in it are JSON. Is there a readable version?"),
            new("sofia", Min(8), "The JSON files are the machine-readable copy the GDPR asks for, so you can take your data elsewhere. The same ZIP also contains `summary.html`, which opens in any browser and shows everything in readable form.", ReplyToLine: 2),
            new("lucas", Hr(2), "Found it, thank you."),
            new("priya", Hr(20), """
                Hi Lucas, I'm Priya from the support team; I handle privacy requests together with our data protection officer. The export from our side is ready:

                | Category | Records |
                |---|---:|
                | Account and profile | 1 |
                | Sign-in history (12 months) | 214 |
                | Support conversations | 3 |
                | Billing contacts | 0 |

                I've sent a password-protected download link to lucas.moreau@example.com; the password follows by SMS to the number on your account.
                """),
            new("lucas", Hr(3), "Received both, and it looks complete. Merci for the quick handling."),
            new("priya", Min(15), "You're welcome. I've closed the request in our privacy log. If you ever want any of this erased, reply here and we'll start that process."),
        ]),

        new(ThreadType.Group, "Can't invite colleagues: 'Seat limit reached'", ["grace", "tom"], Ago(days: 1, hours: 3),
        [
            new("grace", TimeSpan.Zero, "Hi again! I'm trying to invite two new colleagues and get 'Seat limit reached'. We're on Team with 15 seats, and I count only 13 people in the member list."),
            new("tom", Min(8), "Hi Grace, Tom here. Pending **invitations** also count towards the seat limit until they're accepted or expire after 14 days. I can see two open invites, to `j.murphy@example.com` and `intern@example.com`. Do you still need those?"),
            new("grace", Min(10), "Oh! The intern one was a mistake, and Jack joined with a different address. Can you remove both?"),
            new("tom", Min(2), "Done — both invites are revoked, so you have 2 free seats. You can see and revoke pending invites yourself under **Members → Pending**: https://docs.example.com/admin/invitations"),
            new("grace", Min(15), "Invites sent and both accepted. 👍 Is there a way to stop invites from quietly using seats like that?"),
            new("tom", Min(4), "Not yet, but there's a feature request for reminder emails before an invite expires, and I've added your vote. Until then, the Pending tab shows each invite's expiry date.", ReplyToLine: 4),
            new("grace", Hr(1), "Thanks, Tom."),
        ]),

        new(ThreadType.Group, "Workspace owner has left the company", ["fatima", "tom", "priya"], Ago(days: 3, hours: 5),
        [
            new("fatima", TimeSpan.Zero, "Our workspace owner, Omar, left the company last week and his email account has been closed. I'm an admin, but only the owner can change billing and delete data. How can we transfer ownership to me?"),
            new("tom", Min(30), """
                Hi Fatima, we can help with this. Because the owner can't confirm the transfer himself, we need proof that you're authorised to act for the company. Please send **one** of these to support@example.com with the subject *Ownership transfer*:

                - A letter on company letterhead, signed by a director, naming you as the new owner, or
                - An email from your company's IT or legal department confirming Omar's departure.
                """),
            new("fatima", Hr(2), "I've emailed a signed letter from our COO, Layla Hassan."),
            new("tom", Min(20), "Got it, thank you. Ownership transfers need a supervisor's sign-off, so I'm adding Priya."),
            new("priya", Min(45), "Hi Fatima, I've checked the letter and confirmed it with Layla by phone, using the number we already had on file. The transfer is done: you're now the **owner** of the workspace. Omar's account is deactivated but his content is kept; you can reassign his items under **Members → Deactivated**."),
            new("fatima", Min(10), "Wonderful, I can see the billing settings now. Should I delete Omar's account completely?"),
            new("priya", Min(6), "That's your call. If you delete it, his messages stay but show as *Former member*, and his private files are removed after 30 days. Many teams wait until they've reassigned anything important.", ReplyToLine: 5),
            new("fatima", Min(5), "We'll wait a few weeks then. Thank you both for handling this so carefully."),
        ]),
    ];
}
