using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Demo;

// Customer conversations about the product itself: feature requests, praise, imports, the mobile app.
internal sealed partial class DemoSeeder
{
    private static DemoConversation[] ProductConversations() =>
    [
        new(ThreadType.Group, "Feature request: dark mode in the mobile app", ["meilin", "daniel"], Ago(days: 3, hours: 5),
        [
            new("meilin", TimeSpan.Zero, "Hi! A small request: the web app has a dark theme, but the mobile app doesn't. Our night-shift team would love one. Any plans?"),
            new("daniel", Hr(1), "Hi Mei Lin, thanks for the suggestion! You're not alone — dark mode for mobile is one of our most requested features. I've added your vote along with a note about your night shift, which helps the product team see *why* it matters."),
            new("meilin", Min(20), "Great. Is there a timeline?"),
            new("daniel", Min(8), "I can't promise a date, but it's planned for the next mobile release cycle. You can follow it on our public roadmap — subscribing there gets you an email when it ships: https://roadmap.example.com/mobile-dark-mode"),
            new("meilin", Min(6), "Subscribed. In the meantime, is there anything that makes the app easier on the eyes at night?"),
            new("daniel", Min(12), """
                Not a real dark theme, but two system settings work reasonably well with our app:

                - **iOS**: Settings → Accessibility → Display & Text Size → *Smart Invert*
                - **Android**: Settings → Display → *Dark theme*, plus *Override force-dark* in the developer options

                Not perfect, but your team may find it more comfortable until the real thing arrives.
                """, ReplyToLine: 4),
            new("meilin", Hr(20), "Smart Invert is surprisingly good. The team says thanks!"),
            new("daniel", Min(30), "Happy to hear it! I'll post here when mobile dark mode reaches beta — you'd be welcome to join it."),
        ]),

        new(ThreadType.Group, "Kudos for saved replies + a question", ["seun", "lena"], Ago(hours: 9),
        [
            new("seun", TimeSpan.Zero, "No problem to report for once — I just wanted to say the new **saved replies** feature has noticeably cut our handling time. The team loves it. 🙏"),
            new("lena", Min(40), "Hi Oluwaseun, thank you, that's lovely to hear! I'll pass it on to the product team. Out of curiosity, did you see a change in your numbers?"),
            new("seun", Min(25), "Median first response went from about 6 minutes to about 4. One question though: can a saved reply fill in the customer's first name automatically?"),
            new("lena", Min(7), """
                Yes! Use placeholders in the reply text:

                ```
                Hi {{customer.first_name}},

                Thanks for getting in touch about {{conversation.subject}}.
                ```

                The full list is at https://docs.example.com/inbox/saved-replies#placeholders. If a value is missing, the placeholder is simply left out, so a customer never sees raw braces.
                """, ReplyToLine: 2),
            new("seun", Min(15), "Perfect, that's exactly what we need. And can saved replies be shared between our two teams?"),
            new("lena", Min(3), "Yes: when you save a reply, set **Visible to** to *Everyone* instead of *Only me*. Existing replies can be switched the same way from **Inbox → Saved replies**.", ReplyToLine: 4),
            new("seun", Min(6), "Done. Thanks Lena!"),
            new("lena", Min(2), "Anytime! Enjoy the extra minutes. 😊"),
        ]),

        new(ThreadType.Group, "Contact import stuck at 'Processing 0%'", ["rahul", "lena"], Ago(days: 2, hours: 2),
        [
            new("rahul", TimeSpan.Zero, "Hi, I uploaded a CSV with 12,000 contacts two hours ago and it still says 'Processing 0%'. Normally it's done in a few minutes."),
            new("lena", Min(15), "Hi Rahul, Lena here. I can see the import: it's waiting on a validation step that tripped over the file. Does the file use semicolons (`;`) as separators, by any chance? Excel does that with some regional settings."),
            new("rahul", Min(12), "Yes, it was exported from Excel with German settings. Is that a problem?"),
            new("lena", Min(5), "It confuses the importer: every row looks like one long column, and it stalls instead of showing an error. That's a bug, and I've reported it. For now, either save the file as **CSV UTF-8 (comma delimited)**, or pick **Separator: semicolon** under the import's advanced options."),
            new("rahul", Min(20), "Uploaded again with the semicolon option — done in 3 minutes. 11,986 imported, 14 skipped. Why were those skipped?"),
            new("lena", Min(6), "Those 14 rows had invalid or duplicate email addresses. You can download them under **Import history → Skipped rows**, fix them and upload just those.", ReplyToLine: 4),
            new("rahul", Hr(1), "Fixed and uploaded the 14. All good now, thanks."),
        ]),

        new(ThreadType.Group, "iOS app crashes when opening PDF attachments", ["fatima", "daniel"], Ago(days: 1, hours: 6),
        [
            new("fatima", TimeSpan.Zero, "Since I updated my iPhone yesterday, the app crashes every time I open a PDF attachment in a conversation. Images open fine."),
            new("daniel", Min(16), "Hi Fatima, sorry about that! Could you tell me your iOS version and the app version? The app version is under **Profile → About**."),
            new("fatima", Min(7), "iOS 26.1 and app version 4.12.0."),
            new("daniel", Min(9), "Thanks. We've reproduced it: on iOS 26.1, version 4.12.0 crashes when the built-in PDF preview opens. The fix is in **4.12.1**, which is in App Store review right now."),
            new("daniel", Min(1), "Until it's approved, here's a workaround: long-press the attachment, choose **Open in…** and pick Files or Books. That skips our preview."),
            new("fatima", Min(20), "The workaround works, thanks. Do I need to do anything when the update comes out?"),
            new("daniel", Min(4), "No, just update the app — or nothing at all, if you have automatic updates on.", ReplyToLine: 5),
            new("daniel", Hr(20), "Good news: **4.12.1** is live in the App Store. After updating, PDFs open inside the app again."),
            new("fatima", Min(45), "Updated, and it works. Thank you, Daniel!"),
        ]),
    ];
}
