using QanDu.Dashboard.Features.Analysis;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Analysis;

public sealed class SentimentAnalyzerTests(ITestOutputHelper output)
{
    private static readonly SentimentAnalyzer Analyzer = SentimentAnalyzer.LoadEmbedded();

    [Fact]
    public void Score_LabelledChatMessages_SignRightForAtLeast80Percent()
    {
        var set = LabelledSet.Load("sentiment-labelled.txt");
        var misses = set.Select(x => (x.Label, x.Text, Score: Analyzer.Score(x.Text))).Where(x => x.Score.Label != x.Label).ToList();
        var accuracy = 1 - (double)misses.Count / set.Count;
        output.WriteLine($"Sentiment sign accuracy: {accuracy:P1} ({set.Count - misses.Count}/{set.Count})");
        foreach (var miss in misses)
            output.WriteLine($"  expected {miss.Label}, got {miss.Score.Label} ({miss.Score.Compound:+0.00;-0.00}): {miss.Text}");
        set.Count.Should().BeGreaterThanOrEqualTo(100);
        accuracy.Should().BeGreaterThanOrEqualTo(0.80);
    }

    [Theory]
    [InlineData("The answer was good.", "The answer was not good.")]
    [InlineData("The answer was good.", "The answer was GOOD!!!")]
    [InlineData("The answer was good.", "The answer was extremely good.")]
    public void Score_Modifiers_MoveTheCompoundAsVaderDoes(string plain, string modified)
    {
        var baseline = Analyzer.Score(plain).Compound;
        var changed = Analyzer.Score(modified).Compound;
        baseline.Should().BePositive();
        if (modified.Contains(" not "))
            changed.Should().BeNegative("negation flips the sign");
        else
            changed.Should().BeGreaterThan(baseline, "caps, exclamation marks and boosters intensify");
    }

    [Fact]
    public void Score_But_WeighsTheClauseAfterItMore()
    {
        Analyzer.Score("The agent was friendly but the problem is still not solved and I am angry").Label.Should().Be(SentimentScore.Negative);
        Analyzer.Score("The app crashed yesterday but your team fixed it quickly, great work").Label.Should().Be(SentimentScore.Positive);
    }

    [Fact]
    public void Score_TextWithoutSentimentWords_IsNeutralZero()
    {
        Analyzer.Score("My order is 4471.").Should().Be(new SentimentScore(0, SentimentScore.Neutral));
        Analyzer.Score("").Should().Be(new SentimentScore(0, SentimentScore.Neutral));
    }
}
