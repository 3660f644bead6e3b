using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Customer conversations about running a workspace: API keys, time zones, SLA credits, email delivery.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] AdminConversations() =>
    [
        new(ThreadType.Group, "Rotating API keys without downtime", ["dmitri", "maya"], Ago(days: 4, hours: 6),
        [
            new("dmitri", TimeSpan.Zero, "Our security policy requires rotating API keys every 90 days. If I regenerate our key, will the integration break until we deploy the new one?"),
            new("maya", Min(25), """
                Hi Dmitri, good question! Don't *regenerate* — create a **second key** instead. Both keys work at the same time, so there's no downtime:

                1. **Settings → API keys → New key**, and give it a name such as `sync-service-v2`.
                2. Deploy the new key to your integration.
                3. Watch the old key's **Last used** column; once it stops changing, revoke the old key.
                """),
            new("dmitri", Min(15), "Makes sense. Is there an API for creating keys? We'd like to automate the whole thing."),
            new("maya", Min(10), "Not publicly yet. Key management is deliberately limited to the web app, so that a leaked key can't create new ones. Scoped admin tokens for this are on the roadmap for Enterprise. Meanwhile you can list keys and when they were last used with `GET /v2/api-keys`, which automates the check in step 3.", ReplyToLine: 2),
            new("dmitri", Hr(1), "Ok, that helps. We'll script the check. Thanks Maya."),
            new("maya", Min(2), "You're welcome! If you'd like a second pair of eyes on the script, paste it here."),
            new("dmitri", Hr(20), """
                Here's what we ended up with, in case it's useful to others:

                ```python
                keys = requests.get(f"{API}/v2/api-keys", headers=auth).json()["items"]
                old = next(k for k in keys if k["name"] == "sync-service-v1")
                last_used = datetime.fromisoformat(old["lastUsedAt"])
                idle = datetime.now(timezone.utc) - last_used > timedelta(hours=24)
                print("safe to revoke" if idle else "still in use")
                ```
                """),
            new("maya", Min(40), "Nice and simple! One suggestion: `lastUsedAt` is `null` for a key that has never been used, so check for that before parsing — otherwise the script fails on a brand-new key.", ReplyToLine: 6),
            new("dmitri", Min(12), "Good catch, fixed. Thanks!"),
        ]),

        new(ThreadType.Group, "Scheduled report arrives at the wrong time", ["meilin", "maya"], Ago(days: 1, hours: 1),
        [
            new("meilin", TimeSpan.Zero, "Hello, our weekly report is scheduled for Monday 9:00, but it arrives at 1:00 at night. We're in Singapore."),
            new("maya", Min(20), """
                Hi Mei Lin! That's exactly 8 hours off — the difference between Singapore (UTC+8) and UTC — so the schedule is most likely running on UTC. Could you check two things for me?

                - **Profile → Preferences → Time zone**: what does it show?
                - On the report, **Schedule → Time zone**: is it set to *Workspace default*?
                """),
            new("meilin", Min(35), "My profile says Asia/Singapore. The report says 'Workspace default'. Where is that set?"),
            new("maya", Min(4), "Under **Settings → General → Workspace time zone**, which only owners and admins can change. Yours is still `UTC`, the default when the workspace was created. Once it's `Asia/Singapore`, every report set to *Workspace default* follows it."),
            new("meilin", Hr(2), "I'm not an admin, so I've asked our owner, Wei, to change it. Will it apply to reports that are already scheduled?"),
            new("maya", Min(3), "Yes, the next run uses the new time zone; nothing needs rescheduling. Could you let me know after Monday's report whether it arrived at 9:00? I'll keep this conversation open until then.", ReplyToLine: 4),
            new("meilin", Min(1), "Will do!"),
        ]),

        new(ThreadType.Group, "SLA credit for yesterday's search outage", ["aiko", "maya"], Ago(days: 4, hours: 20),
        [
            new("aiko", TimeSpan.Zero, "Hi, search was unavailable for about 40 minutes yesterday. We're on Business with the 99.9% uptime SLA. How do we request a service credit?"),
            new("maya", Min(30), """
                Hi Aiko, thanks for raising it. You're right: search was degraded for **42 minutes** (incident report: https://status.example.com/incidents/search-degraded). For Business, the credit depends on the month's uptime:

                | Monthly uptime | Credit |
                |---|---:|
                | below 99.9% | 10% |
                | below 99.0% | 25% |
                | below 95.0% | 50% |

                42 minutes on its own leaves this month at about 99.90%, right on the threshold. Let me check whether any other incident affected you this month.
                """),
            new("aiko", Min(15), "Thanks for checking. I think there was also an API problem earlier in the month."),
            new("maya", Min(20), "You're right: the API was unavailable for **12 minutes** earlier this month. Together that's 54 minutes, or **99.875%** uptime, which is below 99.9%, so you qualify for a **10% credit** on this month's subscription. I've applied it; it will show on your next invoice as *SLA credit*.", ReplyToLine: 2),
            new("aiko", Min(10), "Excellent. Thank you for being so straightforward about it."),
            new("aiko", Min(1), "Do we need to do anything to claim credits in future, or is it automatic?"),
            new("maya", Min(3), "For now, just write to us within 30 days of an incident and we'll do the calculation for you — no forms. Automatic credits for Business are on the way later this year.", ReplyToLine: 5),
            new("aiko", Min(4), "Perfect, thanks Maya."),
        ]),

        new(ThreadType.Group, "Our replies land in customers' spam folders", ["jordan", "tom"], Ago(days: 3, hours: 20),
        [
            new("jordan", TimeSpan.Zero, "Hi, several customers tell us our replies from the inbox end up in their spam folder. We send from support@blakepartners.example.com. Is there anything we can do?"),
            new("tom", Min(18), """
                Hi Jordan, Tom here. The usual cause is that your domain hasn't authorised us to send on its behalf, and yours is missing both the **SPF** include and **DKIM**. Add these DNS records:

                ```
                blakepartners.example.com.                TXT    "v=spf1 include:_spf.mail.example.com ~all"
                qd1._domainkey.blakepartners.example.com.  CNAME  qd1.dkim.mail.example.com.
                qd2._domainkey.blakepartners.example.com.  CNAME  qd2.dkim.mail.example.com.
                ```

                If you already have an SPF record, add `include:_spf.mail.example.com` to it rather than creating a second one — a domain can only have one.
                """),
            new("jordan", Min(30), "We already have one for Google Workspace: `v=spf1 include:_spf.google.com ~all`. So it becomes `v=spf1 include:_spf.google.com include:_spf.mail.example.com ~all`?"),
            new("tom", Min(5), "Exactly right.", ReplyToLine: 2),
            new("jordan", Hr(4), "Our IT team has added the records. How do I know whether it worked?"),
            new("tom", Min(12), "Go to **Settings → Email → Sending domain** and click **Verify**. Once both records show a green check, new replies are signed with your domain. DNS changes can take up to an hour to become visible."),
            new("jordan", Min(50), "Both green now. ✅✅"),
            new("tom", Min(3), "Perfect. Everything you send from now on is signed with your domain. Spam filters also learn over time, so give it a few days. The full guide, for reference: https://docs.example.com/email/custom-domain"),
            new("jordan", Hr(22), "Quick follow-up: two customers who used to find us in spam confirmed our replies now land in their inbox. Thanks Tom!"),
            new("tom", Min(25), "Excellent news — thanks for letting me know, Jordan!"),
        ]),
    ];
}
