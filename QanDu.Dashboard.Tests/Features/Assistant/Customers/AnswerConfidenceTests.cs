using System.Globalization;
using QanDu.Dashboard.Features.Assistant.Customers;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>
/// The confidence is a logistic function fitted on the tuning half of the labelled questions (beside the demo articles
/// and without them). This refits it and checks the shipped weights are as well calibrated as the refit, so a change
/// to the ranker that moves the features shows up here; the printed weights are what to ship after such a change.
/// </summary>
[Collection(HelpCenterCollection.Name)]
public sealed class AnswerConfidenceTests(HelpCenterFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Confidence_TuningHalf_ShippedWeightsCalibratedAsWellAsARefit()
    {
        var tuning = HelpCenterFixture.Questions.Where(q => !q.HeldOut).ToList();
        var alone = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.HelpCenter), fx.HelpCenterIds, tuning, 0.5);
        var mixed = await CustomerAnswerEvaluation.RunAsync(fx.Answerer(fx.Mixed), fx.MixedIds, tuning, 0.5, fx.DemoIds);
        var rows = alone.Answers.Concat(mixed.Answers).Where(a => a.Features is not null).ToList();
        var x = rows.Select(r => r.Features!.Vector).ToList();
        // Right: the first citation answers the question (the labelled article, or a demo article the label accepts as equivalent).
        var y = rows.Select(r => r.Equivalent).ToList();

        var (intercept, weights) = LogisticFit.Fit(x, y);
        var refit = LogisticFit.LogLoss(x.Select(v => LogisticFit.Predict(intercept, weights, v)).ToList(), y);
        var shipped = LogisticFit.LogLoss(x.Select(v => LogisticFit.Predict(AnswerConfidence.Intercept, [.. AnswerConfidence.Weights], v)).ToList(), y);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"refit: intercept {intercept:0.00}, weights [{string.Join(", ", weights.Select(w => w.ToString("0.00", c)))}], log loss {refit:0.000}"));
        output.WriteLine(string.Create(c, $"shipped: log loss {shipped:0.000} over {rows.Count} tuning answers"));
        output.WriteLine(alone.Report("Tuning half, help center only"));
        output.WriteLine(mixed.Report("Tuning half, beside the demo articles"));

        shipped.Should().BeLessThanOrEqualTo(refit + 0.05, "the shipped confidence weights should be those fitted on the tuning half");
    }
}
