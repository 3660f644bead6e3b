using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Assistant.Summaries;

namespace QanDu.Dashboard.Tests.Features.Assistant.Summaries;

/// <summary>
/// The offline summary on conversations written and labelled for it: what each part must hold (and must not) is what an
/// agent taking over would need from that conversation.
/// </summary>
public sealed class ExtractiveSummaryTests
{
    private static SummaryLine Customer(string text) => new(SummaryRole.Asker, "Jordan Blake", text);

    private static SummaryLine Agent(string text, string name = "Maya Chen") => new(SummaryRole.Staff, name, text);

    /// <summary>A double charge closed by a refund and a credit; one message mentions "the summary of charges".</summary>
    private static readonly SummaryLine[] BillingCase =
    [
        Customer("Hi there!"),
        Customer("We were charged twice for the March invoice, two payments of $480.00 on the company Visa. Can you fix this?"),
        Agent("Hello Jordan, sorry about that. Let me check the payments."),
        Agent("I can see both payments went through after a timeout at the bank."),
        Agent("I sent the summary of charges to billing; the refund is done: $480.00 back to the Visa, reference re_77AB12."),
        Agent("I've also added a $20 service credit to your account for the trouble."),
        Customer("Refund received, and I see the credit on the account. Thanks, that settles it!"),
    ];

    [Fact]
    public void Build_BillingCaseClosedByRefundAndCredit_DoneHoldsBothAndOutcomeSaysResolved()
    {
        var summary = ExtractiveSummary.Build(new Transcript(BillingCase, IsCustomerConversation: true, ThreadStatus.Archived, "en"));

        summary.Problem.Should().Contain("charged twice").And.Contain("Can you fix this?").And.NotContain("Hi there");
        var done = summary.Done.Split('\n');
        done.Should().Contain(d => d.Contains("the refund is done") && d.Contains("re_77AB12"),
            "the message that resolves the case stays, although it mentions a summary");
        done.Should().Contain(d => d.Contains("service credit"));
        done.Should().OnlyContain(d => d.StartsWith("Maya Chen: "), "done is what the team did, with who did it");
        done.Should().NotContain(d => d.Contains("Let me check"), "a promise is not an action");
        summary.Outcome.Should().StartWith("Resolved.").And.Contain("Refund received");
        summary.Open.Should().BeEmpty();
        summary.Markdown.Should().StartWith("**Problem:** ").And.Contain("**Done:**\n- Maya Chen: ").And.Contain("**Outcome:** Resolved.")
            .And.Contain("**Open:** Nothing open.");
    }

    [Fact]
    public void Build_BillingCaseNotYetMarkedResolved_OutcomeQuotesTheCustomersConfirmation()
    {
        var summary = ExtractiveSummary.Build(new Transcript(BillingCase, IsCustomerConversation: true, ThreadStatus.Active, "en"));

        summary.Outcome.Should().StartWith("Settled with Jordan Blake; not marked resolved yet.").And.Contain("Refund received");
        summary.Done.Should().Contain("the refund is done").And.Contain("service credit");
    }

    [Fact]
    public void Build_AgentPromisesToGetBack_OpenHoldsThePromiseAndTheOutcomeIsNotResolved()
    {
        SummaryLine[] lines =
        [
            Customer("Our SSO login fails with error 403 since this morning. How do we get back in?"),
            Agent("I've reset the SAML certificate on your workspace and sent you the new metadata link: https://app.example.com/sso/metadata"),
            Customer("Still failing, same 403. Is there anything else we can try?"),
            Agent("I'll check with our identity team and get back to you by tomorrow morning."),
            Customer("Ok, thanks."),
        ];

        var summary = ExtractiveSummary.Build(new Transcript(lines, IsCustomerConversation: true, ThreadStatus.Active, "en"));

        summary.Problem.Should().Contain("SSO login fails with error 403");
        summary.Done.Should().Contain("reset the SAML certificate").And.Contain("https://app.example.com/sso/metadata");
        summary.Open.Split('\n').Should().ContainSingle(o => o.Contains("get back to you by tomorrow"));
        summary.Outcome.Should().StartWith("Jordan Blake thanked the team; not marked resolved yet.");
        summary.Outcome.Should().NotContain("Ok, thanks", "thanks alone is not quoted");
    }

    [Fact]
    public void Build_CustomerAsksAfterTheLastAnswer_OpenHoldsTheUnansweredQuestion()
    {
        SummaryLine[] lines =
        [
            Customer("Can I move my invoices to a different billing email?"),
            Agent("Yes: under Settings → Billing you can change the billing email; I've updated it to finance@blake.example for you."),
            Customer("Great. And can the old invoices be re-sent to the new address?"),
        ];

        var summary = ExtractiveSummary.Build(new Transcript(lines, IsCustomerConversation: true, ThreadStatus.Active, "en"));

        summary.Open.Should().Be("Unanswered: Jordan Blake: And can the old invoices be re-sent to the new address?");
        summary.Outcome.Should().Be("Not resolved yet.");
    }

    [Fact]
    public void Build_GermanConversation_GermanLabelsAndTheRefundInDone()
    {
        SummaryLine[] lines =
        [
            new(SummaryRole.Asker, "Lena Vogel", "Guten Tag!"),
            new(SummaryRole.Asker, "Lena Vogel", "Uns wurde die Rechnung für Mai doppelt abgebucht. Können Sie das bitte prüfen?"),
            new(SummaryRole.Staff, "Jonas Weber", "Hallo Frau Vogel, ich habe die doppelte Zahlung gefunden und Ihnen 59,00 € erstattet."),
            new(SummaryRole.Staff, "Jonas Weber", "Ich melde mich morgen noch einmal, sobald die Gutschrift für Juni angelegt ist."),
            new(SummaryRole.Asker, "Lena Vogel", "Vielen Dank!"),
        ];

        var summary = ExtractiveSummary.Build(new Transcript(lines, IsCustomerConversation: true, ThreadStatus.Active, "de"));

        summary.Problem.Should().Contain("doppelt abgebucht").And.NotContain("Guten Tag");
        summary.Done.Should().Contain("59,00 € erstattet");
        summary.Open.Should().Contain("Ich melde mich morgen");
        summary.Outcome.Should().Be("Lena Vogel hat sich bedankt; noch nicht als gelöst markiert.");
        summary.Markdown.Should().StartWith("**Anliegen:** ").And.Contain("**Erledigt:**").And.Contain("**Ergebnis:**").And.Contain("**Offen:**");
    }

    [Fact]
    public void Build_NothingWrittenYet_SaysSoInWords()
    {
        var summary = ExtractiveSummary.Build(new Transcript([], IsCustomerConversation: true, ThreadStatus.Active, "en"));

        summary.Problem.Should().BeEmpty();
        summary.Done.Should().BeEmpty();
        summary.Markdown.Should().Contain("Nothing asked yet.").And.Contain("Nothing done yet.").And.Contain("Nothing open.");
    }

    [Fact]
    public void Build_QuotedTextWithMarkdownCharacters_StaysTextInTheMarkdown()
    {
        SummaryLine[] lines = [Customer("The export of report [Q1]*final* fails: can you look?"), Agent("I've fixed the export job for [Q1]*final*.")];

        var summary = ExtractiveSummary.Build(new Transcript(lines, IsCustomerConversation: true, ThreadStatus.Active, "en"));

        summary.Markdown.Should().Contain(@"\[Q1\]").And.NotContain("[Q1]*");
    }

    [Theory]
    [InlineData("summarize")]
    [InlineData("Summarize.")]
    [InlineData("summarise this conversation")]
    [InlineData("tl;dr")]
    [InlineData("TL;DR please")]
    [InlineData("give me a summary please")]
    [InlineData("Can you summarize this thread for me?")]
    [InlineData("tl;dr please — summarize this")]
    [InlineData("zusammenfassen")]
    [InlineData("Fass das Gespräch bitte zusammen")]
    [InlineData("Zusammenfassung bitte")]
    public void AsksForSummary_ShortCommand_IsARequest(string text) => TextWords.AsksForSummary(text).Should().BeTrue();

    [Theory]
    [InlineData("I sent the summary of charges to billing; the refund is done")]
    [InlineData("The summary Priya mentioned is in your inbox as well.")]
    [InlineData("Could you send the invoice summary to our CFO?")]
    [InlineData("Our tl;dr: the export fails every night since Monday and we need it fixed")]
    [InlineData("Please summarize the charges on my last three invoices and refund the duplicate one")]
    [InlineData("")]
    public void AsksForSummary_MessageThatMentionsIt_IsNotARequest(string text) => TextWords.AsksForSummary(text).Should().BeFalse();
}
