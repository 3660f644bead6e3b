using QanDu.Dashboard.Features.Assistant.Privacy;

namespace QanDu.Dashboard.Tests.Features.Assistant.Privacy;

/// <summary>An agent's earlier answer cleaned for another customer: general advice stays, the other customer's case goes.</summary>
public sealed class CustomerDataScrubberTests
{
    private static readonly CustomerIdentity Jordan = new("Jordan Blake", "jordan.blake@example.com", "+1 415 555 0142", "user-1000",
        "Blake & Partners", ["ws_blake_partners", "Team", "20"]);

    [Fact]
    public void Clean_GeneralAnswerNamingTheCustomer_GreetingAndNamingSentenceGoAdviceStays()
    {
        var answer = "Hi Jordan, sorry about that! Card refunds usually appear within 5–10 business days. "
                     + "I'm also sending a credit note to your billing email. You're welcome, Jordan!";

        var clean = CustomerDataScrubber.Clean(answer, [Jordan]);

        clean.Should().NotBeNull();
        clean!.Text.Should().Be("sorry about that! Card refunds usually appear within 5–10 business days. I'm also sending a credit note to your billing email.");
        clean.RemovedSentences.Should().Be(1);
    }

    [Theory]
    [InlineData("Your VAT number DE123456789 is now on the invoice.")]
    [InlineData("Your VAT number GB 123 456 789 is now on the invoice.")]
    [InlineData("I refunded order #1042 just now.")]
    [InlineData("I refunded ORD-88231 just now.")]
    [InlineData("Invoice no. 2024-0042 was corrected.")]
    [InlineData("Write to jordan.blake@example.com for the details.")]
    [InlineData("Write to someone.else@corp.example for the details.")]
    [InlineData("We called you on +44 20 7946 0958 yesterday.")]
    [InlineData("The refund went to IBAN DE89 3704 0044 0532 0130 00 today.")]
    [InlineData("Refunded to the Visa ending 4417 today.")]
    [InlineData("The refund reference is re_3PqL9x2eZvKu for your records.")]
    [InlineData("Your export is at https://app.example.com/exports/948213?token=abc for a week.")]
    [InlineData("The workspace ws_blake_partners was moved.")]
    [InlineData("Blake & Partners was moved to the new plan.")]
    [InlineData("Your phone 415-555-0142 is on file.")]
    public void Clean_SentenceWithCaseData_Removed(string sentence)
    {
        var answer = $"{sentence} Card refunds usually appear within 5 to 10 business days, often sooner for Visa. "
                     + "A credit note goes to the billing email so finance has a document for the month's close.";

        var clean = CustomerDataScrubber.Clean(answer, [Jordan]);

        clean.Should().NotBeNull();
        clean!.Text.Should().StartWith("Card refunds usually appear").And.NotContain(sentence[..12]);
        CustomerDataScrubber.Contains(clean.Text, [Jordan]).Should().BeFalse();
    }

    [Fact]
    public void Clean_AnswerAboutThatCustomersCaseOnly_Dropped()
    {
        var answer = """
            I can see what happened. Here is what our payment provider shows for Jordan Blake:

            | Time (UTC) | Description | Amount | Status |
            |---|---|---|---|
            | 06:00:02 | Team plan, 20 seats | $480.00 | Paid |
            | 06:00:33 | Team plan, 20 seats (retry) | $480.00 | Paid |

            Refunded to the Visa ending 4417.
            """;

        CustomerDataScrubber.Clean(answer, [Jordan]).Should().BeNull("almost nothing general is left once the case data is out");
    }

    [Fact]
    public void Clean_ListKeepsItsMarkersAndGeneralLines()
    {
        var answer = """
            Here's how:

            1. Open **Settings → Billing → Seats**.
            2. Turn on *Auto-remove inactive seats*.
            3. Jordan's workspace ws_blake_partners already has it.
            """;

        var clean = CustomerDataScrubber.Clean(answer, [Jordan]);

        clean!.Text.Should().Be("Here's how:\n\n1. Open **Settings → Billing → Seats**.\n2. Turn on *Auto-remove inactive seats*.");
    }

    [Theory]
    [InlineData("Sign-ups over 2,000 users a day may see error 504 for up to 10 minutes; retry after that.")]
    [InlineData("Use the updated_since parameter so the nightly sync only asks for contacts changed since the last run.")]
    [InlineData("Exports stop at 10,000 rows on the Starter plan, so split them by month.")]
    public void Clean_GeneralAdviceWithNumbers_KeptWhole(string advice)
    {
        CustomerDataScrubber.Clean(advice, [Jordan])!.Text.Should().Be(advice);
    }

    [Fact]
    public void Clean_NoOthersGiven_PatternsStillApply()
    {
        var answer = "The duplicate on invoice INV-20931 is refunded. Card refunds usually appear within 5 to 10 business days, often sooner.";

        CustomerDataScrubber.Clean(answer, [])!.Text.Should().Be("Card refunds usually appear within 5 to 10 business days, often sooner.");
    }
}
