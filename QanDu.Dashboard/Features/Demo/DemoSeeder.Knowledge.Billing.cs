namespace QanDu.Dashboard.Features.Demo;

// Knowledge base of the demo workspace: billing and plans.
internal sealed partial class DemoSeeder
{
    private static DemoArticle[] BillingArticles() =>
    [
        new("Refund policy and how refunds are issued", "en", "billing, refund", """
            We refund any payment made in the **last 30 days** if you are not happy with QanDu, no questions asked.
            Annual plans can be refunded pro rata for the unused months after that.

            ## How to ask for one
            Write to support from the workspace owner's account and tell us which payment it is about. An agent issues the refund from the billing console and sends you the refund reference.

            ## When the money arrives
            Refunds go back to the card or account the payment came from. Card refunds appear within **5–10 business days**; bank transfers can take up to 14 days. We also send a credit note to your billing email, for your accounting.
            """),
        new("Duplicate charges on your card", "en", "billing, refund, payment", """
            Rarely a payment is taken twice: the first attempt times out between the bank and our payment provider, a retry is made, and both succeed.

            If you see two identical payments for one invoice on your statement, tell support the date and the amount. We check the payment provider's log, refund the duplicate the same day and send a credit note.

            A pending authorisation that disappears after a few days is not a charge: your bank releases it by itself.
            """),
        new("Finding and downloading your invoices", "en", "billing, invoice", """
            Every payment produces an invoice as a PDF.

            1. Open **Settings → Billing → Invoices**.
            2. Pick the month and click **Download PDF**.

            Invoices are also emailed to the billing email address on the day of payment. Only the workspace owner and admins see the billing pages; ask one of them if the menu is missing for you.
            """),
        new("Changing the company name, address or VAT ID on invoices", "en", "billing, invoice, vat", """
            The details printed on your invoices come from **Settings → Billing → Billing details**: company name, postal address, billing email and VAT ID.

            Changes apply to the next invoice. To have an invoice that was already issued corrected, ask support: we void it and issue a corrected one with a new number, because issued invoices cannot be edited.

            A valid EU VAT ID removes VAT from invoices (reverse charge); we check it against VIES when you save it.
            """),
        new("Updating the card or payment method", "en", "billing, payment", """
            Go to **Settings → Billing → Payment method** and click **Replace card**. We accept Visa, Mastercard and American Express; on annual plans also SEPA direct debit and bank transfer.

            The new card is used from the next renewal. If a payment has already failed, adding a new card retries it straight away.

            We never see or store the full card number: it goes straight to our payment provider.
            """),
        new("What happens when a payment fails", "en", "billing, payment", """
            When a renewal payment is declined we retry it after 3, 5 and 7 days and email the billing contact each time.

            Your workspace keeps working for **14 days** after the first failure. After that it becomes read-only until the invoice is paid: agents can read conversations but not reply.

            The quickest fix is to update the card under **Settings → Billing → Payment method**, which retries the payment at once. Common causes are an expired card or a bank blocking an international payment.
            """),
        new("Switching to a different plan", "en", "billing, plan", """
            Upgrades take effect immediately: you pay the difference for the rest of the billing period, pro rata.

            Downgrades take effect at the **end of the current period**, so you keep what you paid for. Features the smaller plan lacks (for example SSO on Starter) stop working then.

            Change it under **Settings → Billing → Plan**. If you were invoiced for the old plan after a downgrade, contact support with the confirmation email and we correct the invoice.
            """),
        new("Plans and prices at a glance", "en", "billing, plan, pricing", """
            | Plan | Per seat and month | Highlights |
            |---|---|---|
            | Starter | $12 | Inbox, 3 labels, email support |
            | Team | $24 | Unlimited labels, AI suggestions, API |
            | Business | $39 | SSO, audit log, priority support |

            Paying yearly saves two months. Non-profits and schools get 50% off: ask support with proof of status. Prices exclude VAT.
            """),
        new("Adding or removing seats", "en", "billing, seats, users", """
            You pay for the number of seats on your plan, not for the people who log in.

            Add seats under **Settings → Billing → Seats**; they are charged pro rata straight away. Removing seats lowers the price from the next renewal; you first have to deactivate users so that the number of active users fits.

            Deactivated users keep their history and can be reactivated later.
            """),
        new("Cancelling your subscription", "en", "billing, cancel, subscription", """
            The workspace owner can cancel at any time under **Settings → Billing → Cancel subscription**.

            The subscription then ends at the end of the period you paid for; there is no further charge, and you keep full access until that date. Within 30 days after it ended you can reactivate it and everything is still there.

            If you want money back for the current period, see our refund policy. To also remove all data, delete the workspace after cancelling.
            """),
    ];
}
