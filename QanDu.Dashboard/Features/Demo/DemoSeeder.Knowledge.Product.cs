namespace QanDu.Dashboard.Features.Demo;

// Knowledge base of the demo workspace: the API, integrations, data, hardware and everyday product questions.
internal sealed partial class DemoSeeder
{
    private static DemoArticle[] ProductArticles() =>
    [
        new("Creating and rotating API keys", "en", "api, developers, security", """
            API keys let your own systems call the QanDu REST API. Create one under **Profile → API keys → New key** and give it a name that says where it is used.

            The key is shown **once**; copy it into your secret store. We keep only a hash, so a lost key cannot be shown again: create a new one instead.

            To rotate a key, create the new one, deploy it, then revoke the old one. Send it as `Authorization: Bearer <key>`. A key acts with the rights of the user who created it.
            """),
        new("API rate limits and HTTP 429", "en", "api, developers, limits", """
            Each API key may make **600 requests per minute**; bulk endpoints count per item.

            When you go over the limit the API answers `429 Too Many Requests` with a `Retry-After` header that says how many seconds to wait. Back off for that long and retry; clients that keep retrying at once stay blocked longer.

            Need more for an import? Ask support for a temporary higher limit.
            """),
        new("Receiving events with webhooks", "en", "api, developers, webhook, integrations", """
            Webhooks send an HTTP POST to your server when something happens: a message is posted, a conversation is assigned or closed.

            Add an endpoint URL under **Settings → Integrations → Webhooks** and choose the events. Your endpoint must answer with a 2xx status within 10 seconds.

            Failed deliveries are retried with exponential backoff for 24 hours; after that the endpoint is paused and admins get an email. The delivery log shows every attempt with its response.
            """),
        new("Verifying webhook signatures", "en", "api, developers, webhook, security", """
            Every webhook request carries an `X-QanDu-Signature` header: an HMAC-SHA256 of the raw request body, keyed with your endpoint's signing secret.

            Compute the same HMAC on your side and compare it in constant time before you trust the payload. Reject requests whose `X-QanDu-Timestamp` is older than five minutes to stop replays.

            The signing secret is shown in the endpoint's settings; rotating it keeps the old secret valid for 24 hours.
            """),
        new("Exporting conversations and workspace data", "en", "data, export", """
            Admins can export everything under **Settings → Workspace → Export**: conversations, messages, contacts and labels as **JSON or CSV**, files as a ZIP.

            Large exports are prepared in the background; you get an email with a download link that is valid for 7 days.

            For regular exports, use the REST API with an API key instead of the button.
            """),
        new("Importing contacts from a spreadsheet", "en", "data, import, contacts", """
            Under **Contacts → Import** upload a CSV file with a header row. Columns for name and email are required; phone, company and any custom fields are optional.

            We show a preview and map the columns for you; check it before you confirm. Existing contacts with the same email are updated, not duplicated.

            Files up to 50,000 rows are imported in one go.
            """),
        new("Adding the chat widget to your website", "en", "widget, website, install", """
            Copy the snippet from **Settings → Widget → Install** and paste it just before `</body>` on every page where the chat bubble should appear.

            The widget loads asynchronously and does not slow your page down. Colours, greeting and office hours are set in the same settings page and apply without changing the snippet.

            On single-page apps, call `qandu.widget.refresh()` after a route change.
            """),
        new("Email notifications are not arriving", "en", "notifications, email", """
            First check **Profile → Notifications**: email notifications may be turned off, or set to a daily digest.

            Then look in your spam folder and ask your IT team to allow mail from `notifications@qandu.app`; company filters often hold automated messages.

            If nothing arrives after that, support can look up the delivery log for your address and tell you whether your mail server refused it.
            """),
        new("Desktop notifications and sounds", "en", "notifications, browser", """
            QanDu can show a desktop notification and play a sound when a new conversation arrives or someone mentions you.

            Allow notifications when the browser asks, or later in the browser's site settings. Then choose what notifies you under **Profile → Notifications**.

            Notifications are muted while you are set to **Busy**, and never shown for the conversation you have open.
            """),
        new("Service status, outages and incident reports", "en", "status, uptime, incidents", """
            Live service status is at **status.qandu.app**; subscribe there to get an email or SMS when an incident starts and ends.

            We aim for 99.9% availability per month. Business customers get a service credit when we miss it: ask support within 30 days.

            After every major incident we publish a report with the cause and what we changed.
            """),
        new("Ordering the QanDu Desk Hub: delivery times and tracking", "en", "hardware, shipping, orders", """
            The Desk Hub (the status light for support desks) ships from our warehouse in Rotterdam.

            Orders placed before 14:00 CET on a working day leave the same day. Delivery takes **2–3 working days** within the EU and 5–8 elsewhere; customs fees outside the EU are paid by the recipient.

            You get a tracking link by email once the parcel has left the warehouse. If it shows no movement for 5 days, tell support and we ask the carrier.
            """),
        new("Returning a damaged or wrong hardware order", "en", "hardware, shipping, returns", """
            If your Desk Hub arrives damaged or you received the wrong item, send us a photo within **14 days** of delivery.

            We email a prepaid return label; pack the item in its original box if you still have it. A replacement ships as soon as the carrier scans the return, so you do not wait for it to reach us.

            Unused items in their original packaging can be returned for any reason within 30 days.
            """),
    ];
}
