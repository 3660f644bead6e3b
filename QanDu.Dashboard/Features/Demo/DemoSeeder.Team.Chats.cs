using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Staff-only conversations: two smaller channels and two direct chats.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] TeamChats() =>
    [
        new(ThreadType.Group, "API & integrations", ["daniel", "tom", "lena", "alex"], Ago(days: 3, hours: 4),
        [
            new("daniel", TimeSpan.Zero, "New channel for API, webhook and integration questions. When you can, post the customer's request ID (the `X-Request-Id` header) — log lookups are much faster with it."),
            new("alex", Min(15), "Tip: you can look up a request ID yourself in the admin console under **Diagnostics → Requests**, no need to wait for engineering."),
            new("lena", Min(5), "Oh, I didn't know that. Very handy."),
            new("tom", Hr(32, 17), "Daniel, pulling you into a 429 case: Oluwaseun Adeyemi, nightly sync doing one GET per contact with 8 workers, Business plan."),
            new("daniel", Min(2), "On it. Sounds like a job for `updated_since`.", ReplyToLine: 3),
            new("daniel", Hr(3, 46), "Result: 47 min → under 2 min, zero 429s, no limit increase needed. 🎉"),
            new("lena", Min(10), "Should we make `updated_since` more prominent in the docs? That's the third customer this month I've sent there."),
            new("daniel", Min(5), "Agreed — I'll ask the docs team to put it on the *Getting started* page.", ReplyToLine: 6),
            new("daniel", Hr(2, 40), "Docs updated: incremental sync is now step 3 of https://docs.example.com/api/getting-started"),
            new("tom", Hr(30, 47), "Webhook question: we disable an endpoint after a single 410, right? A customer's gateway returned 410 during a migration."),
            new("daniel", Min(1), "Right: 410 means *gone*, so no retries. Once they've fixed the URL, **Re-enable** and then **Redeliver failed** replays the last 72 hours in order.", ReplyToLine: 9),
            new("tom", Hr(1, 30), "Worked. The next problem was their gateway rewriting the JSON before the signature check — fixed now too."),
            new("alex", Min(12), "Seen that twice this month. Let's add a *Proxies and gateways* section to https://docs.example.com/webhooks/signatures — Tom, could you draft it?"),
            new("tom", Min(4), "Sure, I'll have a draft by Friday."),
            new("lena", Hr(1, 6), "Was that Rahul Mehta? He's the one with the stuck import two days ago. Busy week for him. 😅"),
            new("tom", Min(2), "That's him — and very patient both times."),
        ]),

        new(ThreadType.Group, "Shift handover", ["lena", "sofia", "daniel", "tom"], Ago(days: 4, hours: 9),
        [
            new("lena", TimeSpan.Zero, """
                Handover 🔄

                - 3 open chats, all waiting on customers
                - Lucas Moreau's GDPR request: Priya is compiling the export, nothing to do on our side
                - Questions about the new invoice layout: the FAQ is at https://docs.example.com/billing/invoices
                """),
            new("daniel", Min(8), "Thanks Lena, got it. 👍"),
            new("daniel", Hr(8, 12), """
                Handover 🔄

                - Quiet shift: 11 chats, all closed
                - One customer asked about Zapier triggers; I sent https://docs.example.com/integrations/zapier
                - Nothing waiting
                """),
            new("sofia", Min(10), "Thanks Daniel! Taking over."),
            new("sofia", Hr(8, 10), """
                Handover 🔄

                - Jordan Blake (Tom's chat) is adding SPF and DKIM records. If he asks how to verify while Tom is off: **Settings → Email → Sending domain → Verify**
                - 2 chats waiting on customers
                """),
            new("tom", Min(10), "Thanks Sofia — I'm back on in a minute anyway, I'll keep an eye on Jordan's."),
            new("tom", Hr(16, 30), """
                Handover 🔄

                - Fatima Al-Sayed's ownership transfer is done ✅
                - Grace O'Connor's reset emails were quarantined by Defender; Maya sorted it out
                - Nothing waiting
                """),
            new("lena", Min(5), "👍 Thanks Tom."),
            new("lena", Hr(22, 20), """
                Handover 🔄

                - Rahul Mehta's import stalled on a semicolon-separated CSV (`IMP-812`). He has the workaround and is uploading again
                - If he asks about skipped rows: **Import history → Skipped rows**
                """),
            new("daniel", Min(10), "Got it."),
            new("daniel", Hr(24, 5), """
                Handover 🔄

                - iOS app 4.12.0 crashes on PDF preview; 4.12.1 is in App Store review. Workaround: long-press the attachment → **Open in…**
                - Fatima Al-Sayed has the workaround; I'll tell her when 4.12.1 is out
                """),
            new("sofia", Min(10), "Thanks! I'll use the same workaround if anyone else reports it.", ReplyToLine: 10),
            new("daniel", Hr(16), "4.12.1 is live 🎉 and Fatima knows. Crash reports can be closed with the saved reply *Mobile – fixed in latest version*."),
            new("sofia", Hr(7, 50), """
                Handover 🔄

                - Quiet shift so far, 4 chats open
                - Oluwaseun Adeyemi sent kudos for saved replies; Lena answered his questions about placeholders
                - Nothing urgent
                """),
            new("tom", Min(8), "Thanks, taking over. Heads-up: the EU inbox is throwing 502s — I'm posting an incident note in *Support team*."),
        ]),

        new(ThreadType.Direct, null, ["tom", "maya"], Ago(days: 2, hours: 1),
        [
            new("tom", TimeSpan.Zero, "Hey! Could you cover my queue from 3 to 4 today? Dentist appointment. 🦷"),
            new("maya", Min(6), "Sure, no problem. Anything I should watch for?"),
            new("tom", Min(3), "Nothing urgent, my queue is quiet. Just keep an eye on new unassigned chats."),
            new("maya", Min(1), "👍 Good luck at the dentist!"),
            new("maya", Hr(23, 5), "I'm on a tough billing case with Kwame Mensah (overbilled for 3 months). Could you keep an eye on new chats for half an hour?"),
            new("tom", Min(2), "Of course, I've got the queue. Shout if you need anything."),
            new("maya", Min(43), "Thanks! Priya's in it now and the refunds are approved. I'm back on the queue."),
            new("tom", Min(1), "Nice work. Sounds like one for the retro."),
            new("tom", Hr(24, 18), "You've got Dmitri Volkov's outage thread, right? I'll relay updates from the incident channel there."),
            new("maya", Min(1), "Yes, thanks — I'll handle the customer side, you bring the engineering updates."),
            new("tom", Min(34), "Status page just flipped to resolved. 🎉"),
            new("maya", Sec(210), "Saw it, and confirmed with Dmitri. He's asking about SLA credits — I'll take that, I did the same for Aiko Tanaka this week."),
            new("tom", Sec(40), "Great. Coffee once the queue calms down?"),
            new("maya", Sec(30), "Yes please ☕"),
        ]),

        new(ThreadType.Direct, null, ["priya", "tom"], Ago(days: 3, hours: 1),
        [
            new("priya", TimeSpan.Zero, "Hi Tom, thanks for bringing me into Fatima Al-Sayed's ownership transfer early. Exactly the right call."),
            new("tom", Min(8), "Thanks! I wasn't sure the COO's letter would be enough on its own."),
            new("priya", Min(4), "It wasn't, on its own — that's why I called her. Rule of thumb for ownership changes: verify through a channel we already had on file, never one the requester gives us."),
            new("tom", Min(2), "Noted. I'll add that to the ownership checklist in the wiki."),
            new("tom", Hr(2, 46), "Checklist updated: https://wiki.example.com/support/ownership-transfer — could you take a look when you have a minute?"),
            new("priya", Min(50), "Looks great. One addition: note in the ticket who verified the request, and how."),
            new("tom", Min(2), "Added. 👍"),
            new("priya", Hr(65, 8), "Also — your webhook thread with Rahul Mehta earlier today: a really clear explanation of the 410 behaviour. Mind if I use it in onboarding for new agents?"),
            new("tom", Min(8), "Of course! I could also turn it into a knowledge base article."),
            new("priya", Min(3), "That would be great. Let's plan it in our 1:1 on Thursday."),
            new("tom", Min(1), "👍 I'll bring a draft outline."),
        ]),
    ];
}
