using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Knowledge;

/// <summary>
/// The demo knowledge base (37 articles) and questions as customers write them: other words than the article's
/// title, synonyms, paraphrase. They were written before the retriever was tuned and are not tuned to one by one.
/// </summary>
public sealed class KnowledgeRetrievalAcceptanceTests(KnowledgeBaseFixture kb, ITestOutputHelper output) : IClassFixture<KnowledgeBaseFixture>
{
    internal static readonly (string Question, string? Language, string Expected)[] Questions =
    [
        ("I want my money back for last month, is that possible?", null, "Refund policy and how refunds are issued"),
        ("We were billed two times for the same invoice, the amount shows up twice on the company Visa", null, "Duplicate charges on your card"),
        ("Where can I get a PDF of what we paid in March?", null, "Finding and downloading your invoices"),
        ("Our accountant needs our tax number printed on the bills, how do we add it?", null, "Changing the company name, address or VAT ID on invoices"),
        ("My credit card expired, how do I put in the new one?", null, "Updating the card or payment method"),
        ("The bank declined our renewal, will our account stop working?", null, "What happens when a payment fails"),
        ("We'd like to move to a cheaper tier from next month", null, "Switching to a different plan"),
        ("How much does the Business package cost per user?", null, "Plans and prices at a glance"),
        ("We hired three new agents and need more licences", null, "Adding or removing seats"),
        ("How do I stop our subscription from renewing?", null, "Cancelling your subscription"),
        ("I can't remember my login, how do I get back in?", null, "Resetting your password"),
        ("How do I add a second step with a code from my phone when logging in?", null, "Turning on two-factor authentication"),
        ("I got a new phone and the authenticator codes are gone, how do I get into my account?", null, "Lost phone: signing in with a recovery code"),
        ("It says too many attempts and won't let me in", null, "Account locked after failed sign-in attempts"),
        ("Can our staff log in with their Okta accounts?", null, "Single sign-on with SAML (Okta, Azure AD, Google)"),
        ("I changed jobs and need to use a different address to log in", null, "Changing the email address you sign in with"),
        ("How do I give a new colleague access to our team?", null, "Inviting people to your workspace"),
        ("What can a supervisor do that an agent can't?", null, "Roles: agent, supervisor and admin"),
        ("Please remove our whole account and everything in it permanently", null, "Deleting your workspace for good"),
        ("In which country are the servers that hold our conversations?", null, "Where your data is stored and how long we keep it"),
        ("A customer asked us to erase everything we hold about them", null, "Requests under the GDPR: access and erasure"),
        ("Our integration needs a token for the REST interface, where do I generate it?", null, "Creating and rotating API keys"),
        ("Our script gets 'too many requests' errors from your API", null, "API rate limits and HTTP 429"),
        ("Can your system notify our server when a new message comes in?", null, "Receiving events with webhooks"),
        ("How can we check that a callback really came from you and not an attacker?", null, "Verifying webhook signatures"),
        ("I need a copy of all our chat history to keep in our own archive", null, "Exporting conversations and workspace data"),
        ("How do I put the chat bubble on our online shop?", null, "Adding the chat widget to your website"),
        ("I'm not getting any emails when customers write to us", null, "Email notifications are not arriving"),
        ("Is QanDu down right now? Nothing loads", null, "Service status, outages and incident reports"),
        ("When will my Desk Hub arrive and how can I follow the parcel?", null, "Ordering the QanDu Desk Hub: delivery times and tracking"),
        ("The status light came with a cracked case, what now?", null, "Returning a damaged or wrong hardware order"),
        ("We have a list of customers in Excel, can we bring them into QanDu?", null, "Importing contacts from a spreadsheet"),
        ("Ich habe mein Passwort vergessen und komme nicht mehr rein", "de", "Passwort vergessen: so setzen Sie es zurück"),
        ("¿Puedo recuperar mi dinero? No estoy contento con el servicio", "es", "Cómo solicitar un reembolso"),
    ];

    /// <summary>
    /// Written after the synonym table was extended (see KnowledgeText.Synonyms) and never tuned to: they show how
    /// well the retriever does on questions it was not adjusted for.
    /// </summary>
    internal static readonly (string Question, string? Language, string Expected)[] HeldOutQuestions =
    [
        ("Can I get reimbursed for the annual plan I bought two weeks ago?", null, "Refund policy and how refunds are issued"),
        ("Where do I see past bills for our company?", null, "Finding and downloading your invoices"),
        ("Your system charged me double this morning", null, "Duplicate charges on your card"),
        ("I need to stop paying for QanDu at the end of this year", null, "Cancelling your subscription"),
        ("Forgot my password and the reset mail never came", null, "Resetting your password"),
        ("My authenticator app was on my old phone which I lost", null, "Lost phone: signing in with a recovery code"),
        ("How many calls per minute can our app make to your API?", null, "API rate limits and HTTP 429"),
        ("Where do I find the snippet to show the chat on my site?", null, "Adding the chat widget to your website"),
        ("Can we download all conversations as CSV?", null, "Exporting conversations and workspace data"),
        ("My package has been stuck in transit for a week", null, "Ordering the QanDu Desk Hub: delivery times and tracking"),
    ];

    [Fact]
    public async Task RetrieveAsync_ParaphrasedCustomerQuestions_RightArticleFirstForAtLeast80Percent()
    {
        var right = await CountRightAsync(Questions, "Knowledge retrieval");

        ((double)right / Questions.Length).Should().BeGreaterThanOrEqualTo(0.8);
        Questions.Length.Should().BeGreaterThanOrEqualTo(30);
    }

    [Fact]
    public async Task RetrieveAsync_HeldOutQuestions_RightArticleFirstForMost()
    {
        var right = await CountRightAsync(HeldOutQuestions, "Knowledge retrieval (held out)");

        ((double)right / HeldOutQuestions.Length).Should().BeGreaterThanOrEqualTo(0.6);
    }

    private async Task<int> CountRightAsync((string Question, string? Language, string Expected)[] questions, string label)
    {
        var retriever = kb.App.Services.GetRequiredService<KnowledgeRetriever>();
        var right = 0;
        foreach (var (question, language, expected) in questions)
        {
            var matches = await retriever.RetrieveAsync(question, language);
            var first = matches.FirstOrDefault()?.Title;
            if (first == expected)
                right++;
            else
                output.WriteLine($"MISS  {question}\n      expected: {expected}\n      got:      {string.Join(" | ", matches.Select(m => $"{m.Title} {m.Score:F2}"))}\n      terms: {string.Join(",", matches.FirstOrDefault()?.Terms ?? [])}");
        }

        var line = $"{label}: {right}/{questions.Length} right article first ({100.0 * right / questions.Length:F0}%)";
        output.WriteLine(line);
        Console.WriteLine(line);
        return right;
    }
}

/// <summary>An app whose knowledge base holds the demo articles, written by a supervisor through the service.</summary>
public sealed class KnowledgeBaseFixture : IAsyncLifetime
{
    public DashboardFactory App { get; } = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.001" } };

    public async Task InitializeAsync()
    {
        var supervisor = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var knowledge = App.Services.GetRequiredService<KnowledgeService>();
        foreach (var article in DemoSeeder.DemoArticles())
            await knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest(article.Title, article.Body, article.Language, article.Tags));
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
