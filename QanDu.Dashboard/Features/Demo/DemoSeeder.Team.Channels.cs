using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Staff-only group channels. Their timing follows the customer conversations they talk about,
// so "Maya just solved one" comes after Maya solved it.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] TeamChannels() =>
    [
        new(ThreadType.Group, "Support team", ["priya", "maya", "tom", "sofia", "daniel", "lena"], Ago(days: 5),
        [
            new("priya", TimeSpan.Zero, "Hi team! 👋 From today we tag every billing conversation with `billing`, so finance can see the weekly volume. The saved reply *Billing – refund timeline* is updated too."),
            new("sofia", Min(5), "👍 Does that include VAT and invoice questions?"),
            new("priya", Min(3), "Yes — anything that touches money or invoices.", ReplyToLine: 1),
            new("daniel", Min(12), "FYI: the API docs on incremental sync moved to https://docs.example.com/api/contacts#incremental-sync. Old links redirect, but please update your saved replies."),
            new("lena", Min(2), "Done for mine, thanks Daniel."),
            new("maya", Hr(3, 53), "Has anyone handled an SLA credit request before? A Business customer is asking about yesterday's search incident."),
            new("priya", Min(3), "Yes: check *all* incidents in the month, not just the one they mention — the credit depends on monthly uptime. The table is at https://docs.example.com/legal/sla#credits.", ReplyToLine: 5),
            new("maya", Min(1), "Perfect, thanks!"),
            new("tom", Hr(42, 51), "Heads-up: more and more *password reset email never arrives* chats come from Microsoft 365 customers — Defender quarantines the emails. Maya just solved one nicely, worth copying."),
            new("maya", Min(4), """
                Happy to turn it into a saved reply. The short version:

                1. Check our mail log — if the email was *accepted*, it's held on their side
                2. Ask their IT to check the quarantine and allowlist `no-reply@mail.example.com`
                3. Offer a one-time sign-in link if they're in a hurry
                """),
            new("priya", Min(6), "Please do, and link https://docs.example.com/admin/email-deliverability in it. Thanks, Maya!"),
            new("maya", Min(40), "Saved reply *Account – reset email quarantined* is live. 📬"),
            new("lena", Hr(22, 10), "Has anyone seen contact imports stuck at *Processing 0%*? I have one right now: 12,000 rows exported from Excel."),
            new("daniel", Min(2), "Is it semicolon-separated? Known bug: the importer stalls on `;` instead of showing an error (`IMP-812`). The workaround is *Separator: semicolon* under the advanced options.", ReplyToLine: 12),
            new("lena", Min(1), "It is! Thanks, I'll link the ticket."),
            new("priya", Hr(1, 27), """
                Yesterday in numbers:

                | Conversations | Median first response | CSAT |
                |---:|---:|---:|
                | 142 | 3m 40s | 94% |

                Great work, everyone! 🙌
                """),
            new("sofia", Min(4), "🎉"),
            new("lena", Min(2), "Nice! Which category was slowest?"),
            new("priya", Min(4), "Billing, at a 6m 10s median — refunds need lookups. The new tag should show us where the time goes.", ReplyToLine: 17),
            new("daniel", Hr(8, 40), "Nice outcome on the 429 case with Tom: the customer's sync went from 47 minutes to under 2 by switching to `updated_since`. No rate limit change needed."),
            new("tom", Min(2), "Daniel did the heavy lifting. 😄"),
            new("tom", Hr(11, 8), "Shift swap: can anyone take my Saturday morning (8–12)? I'll take a Sunday afternoon in return."),
            new("sofia", Min(25), "I can take it! 🙋‍♀️", ReplyToLine: 21),
            new("tom", Min(2), "You're a star, Sofia. Updating the rota now."),
            new("priya", Hr(3, 43), "Reminder: team retro on Friday at 10:00. Please add topics to the board beforehand — especially anything about this quarter's billing errors."),
            new("maya", Min(30), "Added two: the coupon + scheduled downgrade bug (Kwame Mensah's account) and the CSV export limit with tags (`EXP-2291`)."),
            new("daniel", Min(5), "Added one too: the iOS 4.12.0 crash on PDF preview. 4.12.1 is in App Store review."),
            new("daniel", Min(35), "Does anyone have a good saved reply for *how do I change the workspace time zone*? Third one this week."),
            new("maya", Min(5), "I just answered one for Mei Lin Wong: **Settings → General → Workspace time zone**, owners and admins only; reports set to *Workspace default* follow it. I'll save it as *Workspace – time zone*.", ReplyToLine: 27),
            new("daniel", Min(1), "🙏"),
            new("daniel", Hr(13, 56), "iOS app **4.12.1** is live — PDF attachments open again. If a customer mentions crashes, ask them to update."),
            new("lena", Min(3), "👍 Closing my two crash reports then."),
            new("tom", Hr(8, 5), "🚨 **Incident**: the inbox in the EU region is returning 502s. The status page is up at https://status.example.com. Please use the saved reply *Incident – investigating* and don't promise ETAs yet."),
            new("maya", Min(3), "Got one already from Dmitri Volkov (EU). Answering now."),
            new("sofia", Min(2), "Two more here, both EU. Using the saved reply."),
            new("daniel", Min(5), "Engineering says it's a failed load balancer node; traffic is being moved to healthy nodes. OK to share with customers."),
            new("lena", Min(2), "A customer is worried about losing messages — is anything at risk?"),
            new("daniel", Min(1), "No. Failed sends stay in the composer with **Retry**, and incoming messages are queued.", ReplyToLine: 36),
            new("priya", Min(13), "ETA from engineering: full recovery in about 15 minutes. OK to share."),
            new("tom", Min(18), "✅ Resolved on the status page. Please confirm with your customers. Post-incident report within 48 hours."),
            new("priya", Min(1), "Thanks all — calm, quick and consistent. 👏 Let's add this one to Friday's retro."),
            new("sofia", Min(1), "All my EU customers confirm it's working again."),
            new("lena", Sec(110), "Same here. 🙌"),
        ]),

        new(ThreadType.Group, "Billing escalations", ["priya", "maya", "sofia", "alex"], Ago(days: 3, hours: 6),
        [
            new("priya", TimeSpan.Zero, """
                New channel for refunds and billing issues that need approval or finance's attention. Rules of thumb:

                - Refunds **up to $500**: agents approve them themselves; post here for visibility
                - **Over $500**, or anything legal or tax-related: tag me here
                - Anything that looks like a bug in billing: tag Alex too, so it reaches engineering
                """),
            new("alex", Min(10), "👍 I'll follow this channel. Please include the workspace ID when you post."),
            new("sofia", Hr(25, 30), "First one: Fatima Al-Sayed (ws `4471`), 10 unused seats for a month, $240. Under the limit, so I've done it — posting for visibility."),
            new("priya", Min(5), "Thanks, Sofia. 👍"),
            new("maya", Hr(26, 39), "Need approval: Kwame Mensah (ws `2093`) was billed Business instead of Starter for **3 months** after a downgrade — $2,430 to refund. It looks like a coupon extended the term, so the scheduled downgrade never reached billing. He's (rightly) upset."),
            new("priya", Min(2), "Approved — I'll join the conversation and handle it with you. Alex, can you check how many other workspaces have a coupon plus a scheduled downgrade?", ReplyToLine: 4),
            new("alex", Min(44), """
                Ran the query: **7 workspaces** are affected, including Kwame's.

                | Workspace | Months overbilled | Amount |
                |---|---:|---:|
                | 2093 | 3 | $2,430.00 |
                | 1187 | 2 | $648.00 |
                | 3310 | 1 | $270.00 |
                | 4 others | 1 | $1,080.00 in total |

                Engineering has a fix in review. Proactive refunds once it's merged?
                """),
            new("priya", Min(10), "Yes — let's refund proactively and email each owner before they notice. Sofia, could you draft the email?"),
            new("sofia", Min(25), "The draft is in the shared drive: *Billing correction – coupon downgrade*. Short, apologetic, states the amount, and says no action is needed."),
            new("priya", Min(30), "Looks good. Send it once Alex confirms the fix is live."),
            new("alex", Hr(2, 55), "The fix is live. ✅ Refunds for the other 6 workspaces are submitted."),
            new("sofia", Min(20), "Emails sent to all 6 owners."),
            new("maya", Min(2), "Thank you all — I'll let Kwame know it's fixed for everyone, not just for him."),
            new("maya", Hr(18, 43), "For visibility: Jordan Blake (ws `5520`) was charged twice by the payment retry bug — the one fixed last week. Refunded $480, under the limit. Alex, could you check there are no other duplicates from before the fix?"),
            new("alex", Min(15), "Checked: Jordan's was the last one. No duplicate payments since the fix went out. 👍", ReplyToLine: 13),
            new("maya", Min(2), "Great, that matches what I told him."),
            new("maya", Hr(1, 24), "Question: Camila Rodrigues (ws `6188`) just upgraded to Business mid-cycle and now wants to switch to annual billing. Does the proration credit carry over to an annual plan, and is annual still 2 months free?"),
            new("priya", Sec(70), "Yes to both. Switch her now; the unused part of the monthly period is credited against the annual price, which is 10 months' price for 12.", ReplyToLine: 16),
        ]),
    ];
}
