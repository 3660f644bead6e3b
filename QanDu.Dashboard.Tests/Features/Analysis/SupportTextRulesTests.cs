using QanDu.Dashboard.Features.Analysis;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>Distress in support text: urgency and cries for help are negative, politeness is not a feeling, thanks stay positive.</summary>
public sealed class SupportTextRulesTests
{
    private static readonly SentimentAnalyzer App = SentimentAnalyzer.LoadEmbedded();
    private static readonly SentimentAnalyzer Vader = SentimentAnalyzer.LoadEmbedded(supportRules: false);

    [Theory]
    [InlineData("please hurry!!!")]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("Help me please!")]
    [InlineData("I need this asap")]
    [InlineData("Thanks, but please fix this asap!!!")]
    [InlineData("Still waiting for an answer")]
    [InlineData("Our deadline is today and the export still fails")]
    [InlineData("no one cares")]
    [InlineData("The page never loads")]
    [InlineData("Sync stopped working")]
    [InlineData("Thanks for nothing")]
    [InlineData("Help, I can't log in")]
    public void Score_DistressOrComplaint_Negative(string text)
    {
        App.Score(text).Label.Should().Be(SentimentScore.Negative);
    }

    [Theory]
    [InlineData("thanks!!!")]
    [InlineData("Thanks for your help")]
    [InlineData("Thank you so much, you were a great help!")]
    public void Score_Thanks_StaysPositive(string text)
    {
        App.Score(text).Label.Should().Be(SentimentScore.Positive);
    }

    [Theory]
    [InlineData("Can you help me set up the widget?")]
    [InlineData("Please send me the invoice for March")]
    [InlineData("It would be great if you could add dark mode")]
    [InlineData("Good morning")]
    [InlineData("Does the widget work on mobile?")]
    [InlineData("I would like to change my plan")]
    [InlineData("How do I cancel my subscription?")]
    public void Score_PlainRequest_Neutral(string text)
    {
        App.Score(text).Label.Should().Be(SentimentScore.Neutral);
    }

    [Fact]
    public void Score_PoliteDistress_PositiveInPlainVaderNegativeWithTheRules()
    {
        Vader.Score("please hurry!!!").Label.Should().Be(SentimentScore.Positive, "VADER reads 'please' as +1.3 and the !!! amplify it");
        App.Score("please hurry!!!").Compound.Should().BeLessThan(-0.4, "'please' is politeness, 'hurry' distress, and the !!! amplify the distress");
    }

    [Fact]
    public void Score_NegatedUrgency_NotNegative()
    {
        App.Score("This is not urgent").Label.Should().Be(SentimentScore.Neutral, "calm is not a complaint");
        App.Score("No rush, but how do I add a signature?").Label.Should().Be(SentimentScore.Neutral);
    }
}
