namespace QanDu.Dashboard.Features.Demo;

// The lines of generated past conversations: short support chats about a SaaS product, with happy and unhappy customers.
internal sealed partial record HistoryTexts
{
    public static HistoryTexts Support { get; } = new(
        Openers:
        [
            "Hi, how do I export my contacts to CSV?",
            "Hello! Can I change the billing email on our account?",
            "Hi there, where do I find last month's invoice?",
            "How do I add a colleague to our workspace?",
            "Is there a way to schedule a report every Monday?",
            "Hi, can we switch from monthly to yearly billing?",
            "Quick question: does the API support webhooks for new orders?",
            "Hello, I'd like to rename our workspace.",
            "Hi! How do I turn on two-factor authentication?",
            "Can I import data from a spreadsheet?",
            "Hi, our team wants to try the Business plan. Is there a trial?",
            "Where can I change the language of the app?",
        ],
        NegativeOpeners:
        [
            "I've been charged twice this month and I'm not happy about it.",
            "Your app keeps logging me out, this is really frustrating.",
            "The export has been stuck for an hour. This is unacceptable.",
            "I can't log in at all and I have a client meeting in 20 minutes!",
            "The sync broke again. Third time this week, terrible.",
            "Nobody answered my email from yesterday. Very disappointed.",
        ],
        FollowUps:
        [
            "Okay, I tried that.",
            "Where exactly is that setting?",
            "It says 'permission denied'.",
            "We're on the Team plan, if that matters.",
            "Here's the order number: 48213.",
            "Do I need to be an admin for that?",
            "I'm using Chrome on Windows.",
            "Still the same, unfortunately.",
            "Ah, I see it now.",
            "Will that affect my colleagues?",
        ],
        Thanks:
        [
            "Perfect, that worked. Thanks a lot!",
            "Great, thank you so much for the quick help!",
            "All sorted, thanks!",
            "Brilliant, that's exactly what I needed. Thank you!",
            "Thanks, you've been very helpful.",
        ],
        Complaints:
        [
            "It's broken again. This is really annoying.",
            "That didn't fix it and I'm losing time here.",
            "Still not working. Very frustrating.",
            "I'm disappointed, this should not take so long.",
        ],
        AgentFirst:
        [
            "Hi! Thanks for reaching out, let me look into that for you.",
            "Hello, happy to help. One moment while I check your account.",
            "Hi, sorry for the trouble! Let me have a look.",
            "Thanks for your message! I'm on it.",
        ],
        AgentReplies:
        [
            "You'll find it under Settings → Workspace.",
            "Could you send me a screenshot of the error?",
            "I've checked your account: everything looks fine on our side.",
            "Please try again in a private window and let me know.",
            "I've refreshed your session; could you try once more?",
            "That needs the admin role; I can ask your workspace owner.",
            "I've corrected the invoice and sent you a new copy.",
            "Our engineers fixed a bug there this morning; it should work now.",
        ],
        AgentClosings:
        [
            "Glad that's sorted! Anything else I can help with?",
            "You're welcome! I'll close this conversation now; just write again if anything comes up.",
            "Happy to help. Have a great day!",
            "Done! Let us know if it happens again.",
        ],
        AssistantReplies:
        [
            "You can export contacts from Contacts → Export; choose CSV and the columns you need.",
            "Invoices are under Billing → Invoices; each one can be downloaded as a PDF.",
            "To add a colleague, go to Settings → Members and choose Invite.",
            "Two-factor authentication is in Account → Security.",
            "Here's our guide on imports: Contacts → Import accepts CSV and Excel files.",
            "Yearly billing is available on every plan; you can switch under Billing → Plan.",
        ],
        AskForPerson:
        [
            "Can I talk to a person, please?",
            "That doesn't answer my question. I'd like to speak to someone.",
            "I need a human, please.",
        ],
        GoodComments:
        [
            "Fast and friendly, thank you!",
            "Solved in minutes. Great support.",
            "Very helpful, explained everything clearly.",
            "Excellent service as always.",
        ],
        BadComments:
        [
            "Took far too long to get an answer.",
            "The problem came back the next day.",
            "I had to explain everything twice.",
            "Not solved, just worked around.",
        ]);

    /// <summary>Every line, for analysing each once.</summary>
    public IEnumerable<string> All =>
        [.. Openers, .. NegativeOpeners, .. FollowUps, .. Thanks, .. Complaints, .. AgentFirst, .. AgentReplies, .. AgentClosings,
         .. AssistantReplies, .. AskForPerson];
}
