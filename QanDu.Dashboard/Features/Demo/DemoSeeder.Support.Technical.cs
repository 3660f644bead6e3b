using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Customer conversations about the API, exports, webhooks and an outage in progress.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] TechnicalConversations() =>
    [
        new(ThreadType.Group, "API returns 429 Too Many Requests during nightly sync", ["seun", "tom", "daniel"], Ago(days: 1, hours: 20),
        [
            new("seun", TimeSpan.Zero, """
                Hi, our nightly sync started failing with HTTP 429 after we added more customers. This is the response body:

                ```json
                {
                  "type": "https://docs.example.com/api/errors#rate-limited",
                  "title": "Too Many Requests",
                  "status": 429,
                  "detail": "Rate limit of 600 requests per minute exceeded for this API key.",
                  "retryAfter": 23
                }
                ```

                We're on the Business plan. Can you raise the limit?
                """),
            new("tom", Min(14), """
                Hi Oluwaseun, thanks for including the full error — that helps a lot. Limits are per API key:

                | Plan | Requests / minute | Burst |
                |---|---:|---:|
                | Team | 120 | 20 |
                | Business | 600 | 100 |
                | Enterprise | Custom | Custom |

                Before we look at raising it: how does the sync make its requests? One call per contact, or the list endpoints?
                """),
            new("seun", Min(18), "One `GET /v2/contacts/{id}` per contact, with 8 workers in parallel. About 40,000 contacts."),
            new("tom", Min(6), "That explains it: 40,000 calls in a few minutes will hit any limit. I'm adding Daniel from our integrations team — he knows the list endpoints best."),
            new("daniel", Min(11), """
                Hi Oluwaseun! Two changes should make the 429s go away entirely.

                1. Use the list endpoint with `updated_since`, so each run only fetches what changed since the last one:

                ```bash
                curl -H "Authorization: Bearer $API_KEY" \
                  "https://api.example.com/v2/contacts?updated_since=2026-01-01T00:00:00Z&limit=500"
                ```

                2. When you do get a 429, wait for the number of seconds in the `Retry-After` header instead of retrying at once.

                At 500 contacts per page, even a full sync of 40,000 contacts is 80 requests.
                """),
            new("seun", Min(25), "Oh nice, I didn't know about `updated_since`. Does it include deleted contacts?", ReplyToLine: 4),
            new("daniel", Min(4), "Not that call — deleted contacts are at `GET /v2/contacts/deleted?since=...`, with the same paging. Docs: https://docs.example.com/api/contacts#incremental-sync", ReplyToLine: 5),
            new("seun", Min(3), "Great, I'll rewrite the sync this afternoon and report back."),
            new("seun", Hr(3), "Rewrote the sync with both endpoints. A full run went from **47 minutes to under 2**, and zero 429s. 🙌"),
            new("daniel", Min(10), "That's a great result! No need to raise the limit then. If you ever get close again, the response headers `X-RateLimit-Remaining` and `X-RateLimit-Reset` tell you exactly where you stand."),
            new("seun", Min(5), "Will do. Thanks Daniel and Tom!"),
        ]),

        new(ThreadType.Group, "CSV export stops at 10,000 rows", ["ingrid", "maya"], Ago(days: 2, hours: 4),
        [
            new("ingrid", TimeSpan.Zero, "Hej! When I export our conversation report to CSV, the file always stops at exactly 10,000 rows. We had about 26,000 conversations in the period I selected. Is there a limit?"),
            new("maya", Min(9), "Hi Ingrid! There shouldn't be — exports go up to **1,000,000 rows**. Could you tell me which report and date range you used, and whether you exported from the web app or the API?"),
            new("ingrid", Min(6), "Web app. Reports → Conversations, last quarter, all teams, with 'Include tags' ticked."),
            new("maya", Min(17), "Thanks, I can reproduce it: with **Include tags** ticked the export stops at 10,000 rows, and without it you get every row. That's a bug on our side, and I've reported it to engineering with your steps (internal reference `EXP-2291`)."),
            new("maya", Min(1), """
                Until it's fixed, there are two workarounds:

                - Export **without tags**, export the tags separately, and join the two files on `conversation_id`, or
                - Use the API, which isn't affected:

                ```bash
                curl -H "Authorization: Bearer $API_KEY" \
                  -H "Accept: text/csv" \
                  "https://api.example.com/v2/reports/conversations?period=last_quarter&include=tags" \
                  -o conversations.csv
                ```
                """),
            new("ingrid", Min(40), "The API export worked: 26,412 rows. I'll use that for now. Will you let me know when the web export is fixed?"),
            new("maya", Min(3), "Absolutely. I've linked this conversation to the bug, so I'm notified when the fix ships and will update you here.", ReplyToLine: 5),
            new("ingrid", Min(2), "Tack så mycket!"),
            new("ingrid", Hr(50, 17), "Hi Maya, our board meeting is on Thursday and my colleagues would rather use the web export than my API script. Is there any news on the fix?"),
        ]),

        new(ThreadType.Group, "Webhook deliveries failing with 410 Gone", ["rahul", "tom"], Ago(hours: 6),
        [
            new("rahul", TimeSpan.Zero, "For the past hour or so, none of our webhooks have been delivered. The delivery log shows `410 Gone` for every attempt, and the endpoint is now marked **Disabled**. The endpoint is up — I can curl it fine."),
            new("tom", Min(10), "Hi Rahul, Tom here. A `410` is special for us: it means *the receiver says this endpoint no longer exists*, so we disable the endpoint instead of retrying. The response came from your side — could a proxy or load balancer have returned it during a deploy?"),
            new("rahul", Min(22), "Checked with our ops team: we moved the endpoint behind a new API gateway earlier today, and the old route returns 410. The new URL is `https://hooks.example.com/support/events`. Can I just update it?"),
            new("tom", Min(5), "Yes — update the URL under **Settings → Webhooks** and click **Re-enable**. Failed events from the last 72 hours can then be replayed with **Redeliver failed**; they're sent in their original order."),
            new("rahul", Min(15), """
                Updated and re-enabled. Redelivery started, but now some fail with 401:

                ```
                POST https://hooks.example.com/support/events
                ← 401 Unauthorized
                {"error": "invalid_signature"}
                ```
                """),
            new("tom", Min(7), """
                That one's the gateway: it's probably checking the signature against a modified body. We sign the **raw** request body with HMAC-SHA256 and send the result in the `X-Signature-256` header. If the gateway re-serialises the JSON — even just whitespace — the check fails. For comparison, the check in Node:

                ```js
                const expected = crypto.createHmac("sha256", secret).update(rawBody).digest("hex");
                const valid = crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signatureHeader));
                ```

                More in https://docs.example.com/webhooks/signatures
                """),
            new("rahul", Min(35), "Spot on — the gateway had a JSON normalisation plugin enabled. We turned it off for that route and all redeliveries went through.", ReplyToLine: 5),
            new("tom", Min(3), "Great! The delivery log is all green again on my side: **1,284 events redelivered, 0 failures**. Anything else I can help with?"),
            new("rahul", Min(4), "No, that's everything. Thanks for the fast help, Tom."),
        ]),

        new(ThreadType.Group, "Inbox shows 502 errors — are you down?", ["dmitri", "maya", "tom"], Ago(minutes: 48),
        [
            new("dmitri", TimeSpan.Zero, "Is something down? Our agents get **502 Bad Gateway** in the inbox every few minutes, and the mobile app says 'Can't connect'. We're in the EU region."),
            new("maya", Min(2), "Hi Dmitri, yes — we're seeing elevated errors in the **EU region** and our engineers are working on it. Live updates are on https://status.example.com, and I'll keep you posted here as well."),
            new("dmitri", Min(3), "Thanks for the quick answer. Is any data at risk? Some of our agents were in the middle of replying to customers."),
            new("maya", Min(2), "No data is lost. A message that fails to send stays in the agent's composer with a **Retry** button, and nothing already sent is affected. Incoming customer messages are queued and appear once the inbox reconnects.", ReplyToLine: 2),
            new("dmitri", Min(1), "Good to know, I'll tell the team."),
            new("tom", Min(5), "An update from our incident team: the cause is a failed load balancer node in the EU region. Traffic is being moved to healthy nodes now."),
            new("dmitri", Min(9), "Errors are less frequent, but we still see some. Do you have an ETA?"),
            new("maya", Min(4), "Engineering expects full recovery within **15 minutes**. I'll confirm here as soon as the status page shows it's resolved."),
            new("dmitri", Min(1), "Ok, thanks."),
            new("maya", Min(16), "Update: the incident is **resolved** and error rates in the EU region are back to normal. If an agent still sees 502s, reloading the page fixes it. We'll publish a short post-incident report within 48 hours."),
            new("dmitri", Min(2), "Looks good on our end too. One of my team leads asks whether this counts towards our SLA — how do we request a credit?"),
        ]),
    ];
}
