using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Customer conversations about money: double charges, refunds, upgrades, invoices.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] BillingConversations() =>
    [
        new(ThreadType.Group, "Charged twice for this month's invoice", ["jordan", "maya"], Ago(hours: 2, minutes: 10),
        [
            new("jordan", TimeSpan.Zero, "Hi, we were charged **twice** for this month's invoice — two identical payments of $480.00 on our company Visa ending 4417. Can you look into it?"),
            new("jordan", Sec(40), "The workspace is *Blake & Partners*, in case that helps."),
            new("maya", Min(4), "Hi Jordan, sorry about that — a double charge is never nice to find on a card statement. Let me pull up your billing history; give me a couple of minutes."),
            new("maya", Min(5), """
                I can see what happened. Here is what our payment provider shows for your workspace:

                | Time (UTC) | Description | Amount | Status |
                |---|---|---|---|
                | 06:00:02 | Team plan, 20 seats | $480.00 | Paid |
                | 06:00:33 | Team plan, 20 seats (retry) | $480.00 | Paid |

                The first attempt timed out between the bank and our provider, our system retried, and both went through. The second payment is ours to refund.
                """),
            new("jordan", Min(9), "Ok, that matches what I see. How long does the refund take? Our finance team closes the month on Friday."),
            new("maya", Min(3), "I've refunded the duplicate payment just now (reference `re_3PqL9x2eZvKu`). Card refunds usually appear within **5–10 business days**, often sooner for Visa. I'm also sending a credit note to your billing email so finance has a document for the close."),
            new("jordan", Min(2), "A credit note is exactly what they'll ask for. Will this happen again next month?", ReplyToLine: 5),
            new("maya", Min(4), "It shouldn't. We shipped a fix last week so that a retry first checks for an existing successful payment. I've also added a note to your account: if anything looks off at your next renewal, it comes straight to me.", ReplyToLine: 6),
            new("jordan", Min(1), "Good to know, thanks."),
            new("jordan", Hr(1, 5), "Got the credit note and forwarded it to finance. Appreciate the quick turnaround, Maya!"),
            new("maya", Min(2), "You're welcome, Jordan! I'll keep this conversation open until the refund shows up on your statement — just reply here if it hasn't arrived by next Wednesday."),
        ]),

        new(ThreadType.Group, "Third billing error this year — unacceptable", ["kwame", "maya", "priya"], Ago(days: 1, hours: 2),
        [
            new("kwame", TimeSpan.Zero, "This is the THIRD time this year your billing has been wrong. We downgraded to Starter months ago, yet we were invoiced for **Business** again — $1,170 for 30 seats on a plan we don't have. I want this fixed today, and I want to know why it keeps happening."),
            new("kwame", Sec(30), "And before you ask: yes, I have the downgrade confirmation email."),
            new("maya", Min(6), "Kwame, I'm sorry — you shouldn't have to chase us about this once, let alone three times. I'm looking at your account now and I'll give you a straight answer rather than a template."),
            new("maya", Min(9), """
                Here's what I found:

                - Your downgrade was applied to the **workspace**, so features and seats changed correctly.
                - But the **subscription** in our billing system kept the Business price: the downgrade was scheduled for the end of a term that a promotional coupon had extended.
                - That mismatch is why the last three invoices were wrong.

                That's a failure on our side, not something you did.
                """),
            new("kwame", Min(6), "So you've been overcharging us for three months. What are you going to do about it?"),
            new("maya", Min(4), "A correction of this size needs my supervisor's approval, so I'm bringing in Priya. She's reading the conversation now."),
            new("priya", Min(12), """
                Hi Kwame, Priya here — I lead the support team. I've read everything and I agree with Maya: this is our error. Here's what we'll do:

                1. Refund the difference between Business and Starter for **all three months** to your card.
                2. Correct the subscription so your next invoice is on Starter.
                3. Add a one-month service credit for the time you've had to spend on this.

                Does that work for you?
                """),
            new("kwame", Min(25), "The refunds, yes. I'd want the credit in writing, and an explanation I can forward to our CFO."),
            new("priya", Min(8), "Of course. The refunds are submitted: three payments of $810.00, **$2,430.00** in total. I'll email you a short incident summary for your CFO by the end of the day, including the credit.", ReplyToLine: 7),
            new("maya", Hr(3), "Kwame, I've double-checked the subscription: your next invoice is now **Starter, 30 seats — $360.00**. The summary Priya mentioned is in your inbox as well."),
            new("kwame", Hr(2), "Received. Thanks for owning it. I'm still not thrilled, but this is how I expected it to be handled the first time."),
            new("priya", Min(20), "That's fair, and thank you for saying it plainly. We've found six other accounts hit by the same coupon problem and are correcting them before they notice — your report helped us catch it."),
        ]),

        new(ThreadType.Group, "Refund for seats we didn't use", ["fatima", "sofia"], Ago(days: 2, hours: 5),
        [
            new("fatima", TimeSpan.Zero, "Hello, we reduced our team from 25 to 15 people last month, but I forgot to remove the seats until yesterday. Is it possible to get a refund for the 10 seats we didn't use?"),
            new("sofia", Min(22), "Hi Fatima, thanks for reaching out. Seat changes normally apply from the next billing cycle, but we can make an exception when the seats clearly weren't used. Let me check the activity on those accounts."),
            new("sofia", Min(15), "Checked: none of the 10 removed members signed in during the last cycle. I can refund 10 seats on your Team plan: **10 × $24 = $240.00**."),
            new("fatima", Min(40), "That would be great, thank you. Will it go to the same card?"),
            new("sofia", Min(5), "Yes, to the card on file ending 0932; expect it within 5–10 business days. A tip for the future: under **Settings → Billing → Seats** you can turn on *Auto-remove inactive seats* — see https://docs.example.com/billing/seats#auto-remove.", ReplyToLine: 3),
            new("fatima", Hr(1), "Turned it on. Thanks a lot, Sofia!"),
            new("sofia", Min(3), "My pleasure, Fatima. Have a good week!"),
        ]),

        new(ThreadType.Group, "Upgrade from Team to Business mid-cycle", ["camila", "maya"], Ago(minutes: 52),
        [
            new("camila", TimeSpan.Zero, "Hi! We want to move from Team to Business because we need SSO and the audit log. We're 14 days into our monthly cycle. How does billing work if we switch now?"),
            new("maya", Min(2), "Hi Camila, happy to hear you're growing! Let me work out the numbers for your 18 seats."),
            new("maya", Min(3), """
                When you upgrade mid-cycle we **prorate**: you get credit for the unused part of Team and pay only for the remaining 16 days on Business.

                | | Per seat | 18 seats |
                |---|---:|---:|
                | Team, 16 days unused (credit) | −$12.80 | −$230.40 |
                | Business, 16 days remaining | $20.80 | $374.40 |
                | **Due today** | | **$144.00** |

                From your next renewal it's the regular Business price of $39 per seat per month.
                """),
            new("camila", Min(8), "Thanks, that's clear. Do SSO and the audit log become available right away, or after the next invoice?"),
            new("maya", Min(2), "Right away — they unlock as soon as the upgrade payment goes through. The SSO setup guide is here: https://docs.example.com/security/sso", ReplyToLine: 3),
            new("camila", Min(12), "Ok, I've upgraded! 🎉 One thing: our finance team needs the invoice addressed to our legal entity, *Rodrigues & Lima Tecnologia Ltda.*, not to me. Can you change that on the upgrade invoice that was just issued?"),
            new("maya", Min(4), "Done: I've reissued the upgrade invoice to **Rodrigues & Lima Tecnologia Ltda.** You'll find it under **Settings → Billing → Invoices**, and future invoices will use that name too."),
            new("camila", Min(3), "Perfect, thank you!"),
            new("camila", Min(11), "Last question, I promise: can we pay annually instead of monthly from now on? And is there a discount for that?"),
        ]),

        new(ThreadType.Group, "Invoices are missing our VAT number", ["lucas", "maya"], Ago(days: 4, hours: 3),
        [
            new("lucas", TimeSpan.Zero, "Bonjour, our invoices don't show our EU VAT number, so our accountant can't reclaim the VAT. The number is FR 40 303 265 045. Can you add it?"),
            new("maya", Min(35), "Bonjour Lucas! I've added `FR40303265045` to your billing profile (you can also manage it under **Settings → Billing → Tax details**). As a VAT-registered business in another EU country, your future invoices will apply the **reverse charge** and show 0% VAT."),
            new("lucas", Min(10), "Merci. What about the invoices from the last two months?"),
            new("maya", Min(6), "I've reissued both with your VAT number and the reverse-charge note. The originals are voided, so your accountant should use the new ones: `INV-10482-R` and `INV-10977-R`.", ReplyToLine: 2),
            new("lucas", Min(4), "Is there anything I need to do for the old ones? They were already booked."),
            new("maya", Min(3), "Your accountant can book the credit notes that came with the reissued invoices against the originals — they cancel each other out, so nothing is paid twice.", ReplyToLine: 4),
            new("lucas", Hr(2), "Parfait, our accountant confirms it's all in order. Thank you, Maya."),
        ]),
    ];
}
