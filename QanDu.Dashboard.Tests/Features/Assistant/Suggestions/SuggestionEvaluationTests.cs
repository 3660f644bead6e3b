using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>
/// Measurements on the demo workspace with the leak corpus (<see cref="SuggestionEvaluationFixture"/>): how many covered
/// customer questions get a suggestion and cite the right article, and — over 225 generated questions — that no
/// suggestion and no customer answer holds another customer's details or a team thread's or private note's text.
/// </summary>
public sealed class SuggestionEvaluationTests(SuggestionEvaluationFixture fixture, ITestOutputHelper output) : IClassFixture<SuggestionEvaluationFixture>
{
    // The labelled set: a customer question and the demo article that answers it, or null when no article covers it.
    private static readonly (string Question, string? Article)[] Labelled =
    [
        ("I forgot my password, how do I reset it?", "Resetting your password"),
        ("The reset link says it expired, what now?", "Resetting your password"),
        ("How do I turn on two-factor authentication for my account?", "Turning on two-factor authentication"),
        ("I lost my phone with the authenticator app and can't sign in", "Lost phone: signing in with a recovery code"),
        ("My account got locked after too many failed sign-in attempts", "Account locked after failed sign-in attempts"),
        ("Can we use single sign-on with Okta?", "Single sign-on with SAML (Okta, Azure AD, Google)"),
        ("How can I change the email address I sign in with?", "Changing the email address you sign in with"),
        ("How do I invite colleagues to our workspace?", "Inviting people to your workspace"),
        ("What can a supervisor do that an agent can't?", "Roles: agent, supervisor and admin"),
        ("How do I delete our workspace permanently?", "Deleting your workspace for good"),
        ("Where is our data stored and how long do you keep it?", "Where your data is stored and how long we keep it"),
        ("I want a copy of all my personal data under the GDPR", "Requests under the GDPR: access and erasure"),
        ("What is your refund policy?", "Refund policy and how refunds are issued"),
        ("I was charged twice on my card this month", "Duplicate charges on your card"),
        ("Where can I download our invoices?", "Finding and downloading your invoices"),
        ("How do I add our VAT ID to the invoices?", "Changing the company name, address or VAT ID on invoices"),
        ("How do I update the credit card we pay with?", "Updating the card or payment method"),
        ("What happens if a payment fails?", "What happens when a payment fails"),
        ("How do I switch to a different plan?", "Switching to a different plan"),
        ("How much do your plans cost?", "Plans and prices at a glance"),
        ("How do I remove seats we no longer use?", "Adding or removing seats"),
        ("How do I cancel our subscription?", "Cancelling your subscription"),
        ("How do I create a new API key and rotate the old one?", "Creating and rotating API keys"),
        ("The API keeps returning 429 Too Many Requests", "API rate limits and HTTP 429"),
        ("How do I receive events with webhooks?", "Receiving events with webhooks"),
        ("How do I verify a webhook signature?", "Verifying webhook signatures"),
        ("How can I export all our conversations?", "Exporting conversations and workspace data"),
        ("Can I import contacts from a spreadsheet?", "Importing contacts from a spreadsheet"),
        ("How do I add the chat widget to our website?", "Adding the chat widget to your website"),
        ("Email notifications are not arriving for our agents", "Email notifications are not arriving"),
        ("How do I turn on desktop notification sounds?", "Desktop notifications and sounds"),
        ("Is there an outage right now? Where is the status page?", "Service status, outages and incident reports"),
        ("When will my Desk Hub order be delivered?", "Ordering the QanDu Desk Hub: delivery times and tracking"),
        ("My hardware order arrived damaged, how do I return it?", "Returning a damaged or wrong hardware order"),
        ("What colour are the moons of Jupiter tonight?", null),
        ("Do you sell gift cards for birthdays?", null),
        ("Can you recommend a good pizza place near the office?", null),
        ("Is your CEO speaking at the Berlin conference?", null),
        ("What's the weather like in Lisbon?", null),
        ("Can I bring my dog to your headquarters?", null),
    ];

    private static readonly string[] Topics =
    [
        "a refund for a double payment", "resetting my password", "my lost two-factor phone", "the VAT number on our invoices",
        "exporting conversations to CSV", "cancelling our subscription", "upgrading to a bigger plan", "inviting colleagues when the seat limit is reached",
        "webhooks failing with 410 Gone", "API 429 rate limits during the nightly sync", "our replies landing in spam folders",
        "a GDPR copy of my personal data", "the iOS app crashing on PDF attachments", "a scheduled report arriving at the wrong time", "dark mode in the mobile app",
    ];

    private static readonly string[] Templates =
    [
        "Hi, I have a question about {0}.", "How does {0} work?", "Can you help me with {0}?", "Urgent!!! Problem with {0}, please hurry",
        "Hello team, what should I do about {0}?",
    ];

    private static readonly string[] Phrasings = ["{0}", "{0} Thanks in advance.", "Quick one: {0} Is there an article?"];

    [Fact]
    public async Task Coverage_LabelledQuestions_CoveredOnesGetSuggestionsCitingTheRightArticle()
    {
        var asker = await fixture.App.CustomerAsync("Ana Souza");
        var thread = await fixture.App.CustomerThreadAsync(asker, "Coverage");
        int covered = 0, suggested = 0, citedRight = 0, uncovered = 0, uncoveredSilent = 0;
        foreach (var (question, article) in Labelled)
        {
            var id = await fixture.App.PostAsync(asker.Caller, thread, question);
            var result = await fixture.Suggestions.SuggestAllAsync(fixture.Agent, thread, id);
            if (article is null)
            {
                uncovered++;
                uncoveredSilent += result.Suggestions.Count == 0 ? 1 : 0;
                continue;
            }
            covered++;
            suggested += result.Suggestions.Count > 0 ? 1 : 0;
            var first = result.Suggestions.FirstOrDefault()?.Source;
            if (first is { Kind: SuggestionSourceKind.Article } && first.Title == article)
                citedRight++;
            else
                output.WriteLine($"  miss: \"{question}\" → {(first is null ? "no suggestion" : $"{first.Kind} \"{first.Title}\"")} (expected \"{article}\")");
        }

        output.WriteLine($"Coverage on {Labelled.Length} labelled questions ({covered} covered by an article, {uncovered} not):");
        output.WriteLine($"  covered questions with >=1 suggestion: {suggested}/{covered} = {Percent(suggested, covered)}");
        output.WriteLine($"  first suggestion cites the right article: {citedRight}/{covered} = {Percent(citedRight, covered)}");
        output.WriteLine($"  uncovered questions with no suggestion: {uncoveredSilent}/{uncovered} = {Percent(uncoveredSilent, uncovered)}");
        ((double)suggested / covered).Should().BeGreaterThanOrEqualTo(0.9);
        ((double)citedRight / covered).Should().BeGreaterThanOrEqualTo(0.6);
        uncoveredSilent.Should().Be(uncovered);
    }

    [Fact]
    public async Task Leaks_GeneratedQuestionsAgainstTheDemoWorkspace_NoOtherCustomersDataOrTeamText()
    {
        var questions = (from topic in Topics from template in Templates from phrasing in Phrasings
                         select string.Format(phrasing, string.Format(template, topic))).ToList();
        var random = new Random(15);
        questions = [.. questions.OrderBy(_ => random.Next())];
        questions.Should().HaveCountGreaterThanOrEqualTo(200);
        var askers = new List<(SuggestionCorpus.Customer Customer, long Thread)>();
        foreach (var name in new[] { "Ana Souza", "Ravi Patel", "Mina Kovac", "Omar Haddad" })
        {
            var customer = await fixture.App.CustomerAsync(name);
            askers.Add((customer, await fixture.App.CustomerThreadAsync(customer, $"{name}'s questions")));
        }
        var answerer = fixture.App.Services.GetRequiredService<CustomerAnswerer>();
        var client = fixture.App.Services.GetRequiredService<IChatClient>();
        int withSuggestions = 0, suggestionCount = 0, fromEarlierAnswers = 0, customerAnswers = 0, checkedTexts = 0;
        var leaks = new List<string>();
        var unanswered = new List<string>();

        foreach (var (question, index) in questions.Select((q, i) => (q, i)))
        {
            var (customer, thread) = askers[index % askers.Count];
            var id = await fixture.App.PostAsync(customer.Caller, thread, question);
            var suggestions = (await fixture.Suggestions.SuggestAllAsync(fixture.Agent, thread, id)).Suggestions;
            withSuggestions += suggestions.Count > 0 ? 1 : 0;
            if (suggestions.Count == 0)
                unanswered.Add(question);
            suggestionCount += suggestions.Count;
            fromEarlierAnswers += suggestions.Count(s => s.Source?.Kind == SuggestionSourceKind.EarlierAnswer);
            var answer = await answerer.AnswerAsync(question, "en");
            customerAnswers += answer.Found ? 1 : 0;
            var options = new ChatOptions
            {
                AdditionalProperties = new AdditionalPropertiesDictionary
                {
                    [AssistantRequest.Key] = new AssistantRequest(customer.Caller, thread) { Audience = AssistantAudience.Customer },
                },
            };
            var local = await client.GetResponseAsync([new ChatMessage(ChatRole.User, question)], options);
            foreach (var text in suggestions.Select(s => s.Text).Append(answer.Text).Append(local.Text))
            {
                checkedTexts++;
                foreach (var leak in fixture.LeaksIn(text, customer.ContactId))
                    leaks.Add($"\"{question}\" → {leak}");
            }
        }

        output.WriteLine($"Leak test: {questions.Count} generated questions against the demo workspace plus the leak corpus");
        output.WriteLine($"  ({SuggestionEvaluationFixture.Seeded.Count} seeded customers, {fixture.ContactIdentifiers.Count} contacts, {fixture.InternalSentences.Count} team-thread/private-note sentences checked)");
        output.WriteLine($"  questions with >=1 suggestion: {withSuggestions}/{questions.Count}; suggestions: {suggestionCount} ({fromEarlierAnswers} from resolved conversations)");
        output.WriteLine($"  customer answers from an article: {customerAnswers}/{questions.Count}; texts checked: {checkedTexts}");
        output.WriteLine($"  leaks: {leaks.Count}");
        foreach (var question in unanswered.Take(40))
            output.WriteLine($"  no suggestion: {question}");
        foreach (var leak in leaks.Take(20))
            output.WriteLine($"    {leak}");
        leaks.Should().BeEmpty();
        withSuggestions.Should().BeGreaterThan(questions.Count / 2, "the check means little if nothing is suggested");
        fromEarlierAnswers.Should().BeGreaterThan(0, "the corpus's resolved answers are offered, cleaned");
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : $"{100.0 * part / whole:F1}%";
}
