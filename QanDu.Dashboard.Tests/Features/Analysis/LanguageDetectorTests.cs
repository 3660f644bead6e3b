using QanDu.Dashboard.Features.Analysis;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Analysis;

public sealed class LanguageDetectorTests(ITestOutputHelper output)
{
    private static readonly LanguageDetector Detector = LanguageDetector.LoadEmbedded();

    [Fact]
    public void Detect_SentencesInTwelveLanguages_AtLeast90PercentRight()
    {
        var set = LabelledSet.Load("languages-test.txt");
        set.Should().OnlyContain(s => s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5);
        var misses = set.Select(s => (s.Label, s.Text, Detected: Detector.Detect(s.Text))).Where(s => s.Detected != s.Label).ToList();
        var accuracy = 1 - (double)misses.Count / set.Count;
        var languages = set.Select(s => s.Label).Distinct().ToList();
        output.WriteLine($"Language accuracy: {accuracy:P1} on {set.Count} sentences in {languages.Count} languages ({string.Join(", ", languages)})");
        foreach (var miss in misses)
            output.WriteLine($"  expected {miss.Label}, got {miss.Detected}: {miss.Text}");
        languages.Should().HaveCountGreaterThanOrEqualTo(10);
        Detector.Languages.Should().Contain(languages);
        accuracy.Should().BeGreaterThanOrEqualTo(0.90);
    }

    [Theory]
    [InlineData("ok")]
    [InlineData("thanks")]
    [InlineData("👍")]
    [InlineData("12345 678")]
    public void Detect_TooShortToTell_IsUndetermined(string text) =>
        Detector.Detect(text).Should().Be(LanguageDetector.Undetermined);
}
