using QanDu.Dashboard.Data.Entities;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>
/// Acceptance: the held-out half of the labelled customer questions (never tuned on), answered from the evaluation's
/// help center alone and beside the demo workspace's overlapping articles. Prints first-citation and answer-sentence
/// accuracy, calibration at the channel's default hand-off threshold and the hand-off rate; docs/assistant.md quotes it.
/// </summary>
[Collection(HelpCenterCollection.Name)]
public sealed class CustomerAnswerEvaluationTests(HelpCenterFixture fx, ITestOutputHelper output)
{
    private static readonly double Threshold = new WebsiteChannel().AssistantHandOffThreshold;

    private static IReadOnlyList<LabelledQuestion> HeldOut => [.. HelpCenterFixture.Questions.Where(q => q.HeldOut)];

    [Fact]
    public async Task HeldOut_HelpCenterOnly_CitesTheRightArticleAndConfidenceSeparatesHitsFromMisses()
    {
        var figures = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.HelpCenter), fx.HelpCenterIds, HeldOut, Threshold);
        Print(figures, "Held-out questions, help center only");

        HeldOut.Count(q => q.Article is not null).Should().BeGreaterThanOrEqualTo(40);
        figures.FirstCitation.Should().BeGreaterThanOrEqualTo(0.80);
        figures.AnswerSentence.Should().BeGreaterThanOrEqualTo(0.65);
        figures.AccuracyAbove.Should().BeGreaterThanOrEqualTo(0.75).And.BeGreaterThan(figures.AccuracyBelow);
    }

    [Fact]
    public async Task HeldOut_BesideDemoArticles_StillCitesTheRightArticleMostOfTheTime()
    {
        var figures = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.Mixed), fx.MixedIds, HeldOut, Threshold, fx.DemoIds);
        Print(figures, $"Held-out questions, beside the {fx.DemoIds.Count} demo articles");

        figures.FirstCitation.Should().BeGreaterThanOrEqualTo(0.65);
        figures.FirstCitationOrEquivalent.Should().BeGreaterThanOrEqualTo(0.75);
        figures.AnswerSentence.Should().BeGreaterThanOrEqualTo(0.55);
        figures.AccuracyAbove.Should().BeGreaterThanOrEqualTo(0.65).And.BeGreaterThan(figures.AccuracyBelow);
    }

    [Fact]
    public async Task HeldOut_QuestionsNothingAnswers_GetLowerConfidenceThanRightAnswers()
    {
        var none = HeldOut.Where(q => q.Article is null).ToList();
        var alone = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.HelpCenter), fx.HelpCenterIds, none, Threshold);
        var mixed = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.Mixed), fx.MixedIds, none, Threshold, fx.DemoIds);

        foreach (var a in alone.Answers.Concat(mixed.Answers))
            output.WriteLine($"{a.Answer.Confidence:0.00}  {a.Question.Question}");
        var answered = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.HelpCenter), fx.HelpCenterIds, HeldOut, Threshold);
        var right = answered.MeanConfidence(a => a.Equivalent);
        output.WriteLine($"mean confidence: right answers {right:0.00}, no-answer questions {alone.MeanConfidence(_ => true):0.00} (alone), {mixed.MeanConfidence(_ => true):0.00} (beside the demo articles)");
        output.WriteLine($"handed off: {alone.UnanswerableBelow}/{none.Count} (alone), {mixed.UnanswerableBelow}/{none.Count} (beside the demo articles)");
        alone.MeanConfidence(_ => true).Should().BeLessThan(right - 0.1);
        alone.UnanswerableBelow.Should().BeGreaterThanOrEqualTo(3);
    }

    private void Print(EvaluationFigures figures, string label)
    {
        var report = figures.Report(label);
        output.WriteLine(report);
        Console.WriteLine(report);
        foreach (var miss in figures.Misses())
            output.WriteLine(miss);
    }
}
