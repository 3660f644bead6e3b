using System.Diagnostics;
using QanDu.Dashboard.Features.Analysis;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Analysis;

public sealed class IntentClassifierTests(ITestOutputHelper output)
{
    [Fact]
    public void Predict_HeldOutSet_AtLeast70PercentRight()
    {
        var examples = IntentClassifier.LoadEmbeddedExamples();
        var watch = Stopwatch.StartNew();
        var classifier = new IntentClassifier(examples);
        watch.Stop();
        var heldOut = LabelledSet.Load("intents-heldout.txt");
        heldOut.Select(h => h.Text).Should().NotIntersectWith(examples.Select(e => e.Text), "the held-out set is not used in training");

        var misses = heldOut.Select(h => (h.Label, h.Text, Predicted: classifier.Predict(h.Text))).Where(x => x.Predicted.Intent != x.Label).ToList();
        var accuracy = 1 - (double)misses.Count / heldOut.Count;
        output.WriteLine($"Trained on {examples.Count} examples, {classifier.Intents.Count} intents, in {watch.Elapsed.TotalMilliseconds:N0} ms");
        output.WriteLine($"Intent accuracy on {heldOut.Count} held-out lines: {accuracy:P1}");
        foreach (var miss in misses)
            output.WriteLine($"  expected {miss.Label}, got {miss.Predicted.Intent} ({miss.Predicted.Confidence:P0}): {miss.Text}");
        examples.Count.Should().BeGreaterThanOrEqualTo(250);
        classifier.Intents.Should().Contain(["billing", "technical", "account", "cancellation", "complaint", "praise", "question", "urgent", "feature_request", "greeting"]);
        accuracy.Should().BeGreaterThanOrEqualTo(0.70);
    }

    [Fact]
    public void Predict_Always_GivesAConfidenceBetweenZeroAndOne()
    {
        var classifier = new IntentClassifier(IntentClassifier.LoadEmbeddedExamples());
        var prediction = classifier.Predict("refund my invoice please");
        prediction.Intent.Should().Be("billing");
        prediction.Confidence.Should().BeInRange(0, 1);
    }
}
