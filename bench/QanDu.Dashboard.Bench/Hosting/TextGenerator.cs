using System.Text;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// Support-team chat text from a seed: greetings, questions, answers and follow-ups built from a few hundred
/// phrases and slots (products, order numbers, errors, names), with the length spread of real chat (mostly one or
/// two sentences, some long explanations) and occasional Markdown. The same seed always gives the same text.
/// </summary>
public sealed class TextGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Openers =
    [
        "Hi", "Hello", "Hey", "Good morning", "Thanks for waiting", "Quick update", "Following up", "Sorry for the delay",
        "Hi there", "Thanks", "Morning team", "FYI", "Heads up", "Just checking in", "Great news", "Unfortunately",
    ];

    private static readonly string[] Questions =
    [
        "Could you check why the {product} invoice for order {order} shows a double charge?",
        "Is there a way to export all {product} reports as CSV before the end of the month?",
        "My password reset email never arrived, can you resend it to {email}?",
        "Why does the {product} dashboard say {error} when I open the billing page?",
        "Can we upgrade our plan to {plan} without losing the current subscription discount?",
        "How do I add a new team member with the {role} role?",
        "The mobile app crashes every time I upload an attachment larger than {size} MB.",
        "When will the refund for order {order} be processed?",
        "Our webhook to {host} keeps timing out since yesterday, is something wrong on your side?",
        "Can you change the delivery address for order {order} to the office in {city}?",
        "Is single sign-on available on the {plan} plan?",
        "The integration with {integration} stopped syncing contacts this morning.",
        "Could someone explain the difference between the {plan} and {plan2} plans?",
        "We were charged in USD instead of EUR on invoice {invoice}, can that be corrected?",
        "How long do you keep deleted conversations before they are gone for good?",
        "The search does not find messages older than last week, is that expected?",
        "Can I schedule the weekly report to be sent on Mondays instead of Fridays?",
        "Why was my account locked after three login attempts?",
        "Do you have an API endpoint to list all open tickets with their priority?",
        "Our notification emails land in spam for customers on {host}, any advice?",
    ];

    private static readonly string[] Answers =
    [
        "I have checked order {order} and the second charge is a pending authorisation; it will disappear within {days} business days.",
        "I resent the reset link to {email}; it is valid for 24 hours, please check the spam folder too.",
        "The {error} message comes from an expired session, signing out and in again fixes it.",
        "Your plan is now {plan}, and the discount stays until the renewal on {date}.",
        "You can export reports from Settings → Reports → Export, choose CSV and the date range.",
        "I escalated this to our engineering team as ticket {ticket}, they will update us by {date}.",
        "The refund for order {order} was issued today; banks usually need {days} to 5 days to show it.",
        "I changed the delivery address to {city}; the courier gets the update within the hour.",
        "Single sign-on with SAML is included from the {plan} plan upward.",
        "The sync with {integration} failed because the token expired; reconnecting it under Integrations fixes it.",
        "Invoice {invoice} is corrected and the new PDF is attached to your billing page.",
        "We keep deleted conversations for 30 days, after that they are removed from every backup.",
        "Webhooks retry five times with backoff; the last {count} deliveries to {host} returned HTTP 504.",
        "I added {name} as a member with the {role} role, they should have received an invitation.",
        "Attachments up to 25 MB are supported, the crash on larger files is a known bug fixed in version {version}.",
        "You can use `GET /api/tickets?status=open&sort=priority` with an API key from your profile.",
        "I unlocked the account; after five failed attempts we lock it for 15 minutes to protect you.",
        "The weekly report schedule is under Settings → Notifications, you can pick any weekday.",
    ];

    private static readonly string[] FollowUps =
    [
        "Thanks, that worked!", "Perfect, thank you so much.", "Still seeing the same error, unfortunately.",
        "Let me check with my manager and get back to you.", "Can you confirm once it is done?",
        "Great, closing this one.", "That is not what I expected, can you escalate it?", "Ok 👍",
        "Is there anything else I should do on my side?", "Got it, thanks for the quick answer.",
        "I'll try again tomorrow morning.", "The customer confirmed it is resolved.", "Assigning this to billing.",
        "Could you take this one? I'm out this afternoon.", "Urgent: the customer is waiting on the phone.",
        "Marking as pending until they reply.", "**Reminder:** please update the ticket before you log off.",
    ];

    private static readonly string[] Explanations =
    [
        "Here is what happened: the payment provider retried the capture after a timeout, so two authorisations were created. Only one of them was captured; the other is released automatically.",
        "To reproduce it: open the dashboard, switch to the billing tab, change the period to last quarter and click export. The request fails after about thirty seconds with a gateway timeout.",
        "Steps that usually fix it:\n\n1. Sign out on every device\n2. Clear the browser cache\n3. Sign in again and reconnect the integration\n\nIf that does not help, send us the request id shown under the error.",
        "We looked at the logs for your workspace. Between 09:12 and 09:47 UTC every webhook delivery to your endpoint timed out after ten seconds, while deliveries to other customers went through, so the problem is most likely on the receiving side.",
        "The difference between the plans is mostly limits: the {plan} plan includes five seats, one integration and email support, while {plan2} adds unlimited integrations, single sign-on, audit logs and a named account manager.",
    ];

    private static readonly string[] Products = ["Pro", "Starter", "Analytics", "Mobile", "Billing", "Insights", "Connect", "Teams"];
    private static readonly string[] Plans = ["Starter", "Growth", "Business", "Enterprise"];
    private static readonly string[] Errors = ["Error 500", "Session expired", "Gateway timeout", "Access denied", "Something went wrong", "Invalid token"];
    private static readonly string[] Cities = ["Berlin", "Lisbon", "Toronto", "Austin", "Utrecht", "Kraków", "Lyon", "Oslo", "Madrid", "Dublin"];
    private static readonly string[] Integrations = ["Salesforce", "HubSpot", "Slack", "Zendesk", "Shopify", "Stripe", "Jira", "Pipedrive"];
    private static readonly string[] Hosts = ["example.com", "acme.io", "shop.example.org", "mail.contoso.net", "api.fabrikam.dev"];
    private static readonly string[] Roles = ["Agent", "Supervisor", "Admin", "Viewer"];
    private static readonly string[] FirstNames =
    [
        "Maya", "Tom", "Priya", "Lin", "Alex", "Sofia", "Jonas", "Amara", "Kenji", "Lucia", "Omar", "Hanna", "Mateo",
        "Aisha", "Nils", "Chloe", "Ravi", "Emma", "Yusuf", "Ines", "Pavel", "Zoe", "Diego", "Freya", "Kwame", "Mei",
    ];
    private static readonly string[] LastNames =
    [
        "Okafor", "Chen", "Shah", "Novak", "Garcia", "Müller", "Kowalski", "Tanaka", "Rossi", "Haddad", "Larsen",
        "Dubois", "Silva", "Nguyen", "Ibrahim", "Andersson", "Costa", "Weber", "Kim", "Moreau",
    ];

    public string PersonName() => $"{Pick(FirstNames)} {Pick(LastNames)}";

    public string ThreadTitle() => _random.Next(4) switch
    {
        0 => $"Order {Order()} — {Pick(["refund", "delivery", "double charge", "address change", "missing item"])}",
        1 => $"{Pick(Integrations)} integration not syncing",
        2 => $"{Pick(Products)} {Pick(["billing question", "login problem", "export request", "plan upgrade", "bug report"])}",
        _ => $"{Pick(["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Soylent"])} {Pick(["onboarding", "renewal", "escalation", "SSO setup", "invoice"])}",
    };

    /// <summary>One chat message: mostly a sentence or two, sometimes a long explanation.</summary>
    public string Message() => Message(out _);

    /// <summary>
    /// One chat message, and its <paramref name="shape"/>: the phrases it was made of before the slots (order numbers,
    /// names, products) were filled in. Messages of one shape differ only in those values.
    /// </summary>
    public string Message(out string shape)
    {
        var roll = _random.Next(100);
        shape = roll switch
        {
            < 22 => Pick(Questions),
            < 25 => $"{Pick(Openers)}! {Pick(Questions)}",
            < 47 => Pick(Answers),
            < 52 => $"{Pick(Openers)}, {LowerFirst(Pick(Answers))}",
            < 82 => Pick(FollowUps),
            < 92 => $"{Pick(Answers)} {Pick(FollowUps)}",
            < 97 => Pick(Explanations),
            _ => $"{Pick(Explanations)}\n\n{Pick(Answers)}",
        };
        return Fill(shape);
    }

    private string Fill(string template)
    {
        if (!template.Contains('{'))
            return template;
        var result = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }
            var close = template.IndexOf('}', open);
            result.Append(template, i, open - i);
            result.Append(Slot(template[(open + 1)..close]));
            i = close + 1;
        }
        return result.ToString();
    }

    private string Slot(string name) => name switch
    {
        "product" => Pick(Products),
        "order" => Order(),
        "email" => $"{Pick(FirstNames).ToLowerInvariant()}@{Pick(Hosts)}",
        "error" => Pick(Errors),
        "plan" or "plan2" => Pick(Plans),
        "role" => Pick(Roles),
        "size" => _random.Next(5, 50).ToString(),
        "host" => Pick(Hosts),
        "city" => Pick(Cities),
        "integration" => Pick(Integrations),
        "invoice" => $"INV-{_random.Next(10000, 99999)}",
        "days" => _random.Next(2, 5).ToString(),
        "date" => $"{Pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])} the {_random.Next(1, 29)}th",
        "ticket" => $"ENG-{_random.Next(1000, 9999)}",
        "count" => _random.Next(3, 40).ToString(),
        "name" => PersonName(),
        "version" => $"4.{_random.Next(0, 12)}.{_random.Next(0, 9)}",
        _ => name,
    };

    private string Order() => $"#{_random.Next(100000, 999999)}";

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string LowerFirst(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
