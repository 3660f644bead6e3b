using System.Globalization;
using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Tests.Features.Telemetry;

/// <summary>One scrape of <c>/metrics</c> in the Prometheus text format, read into samples.</summary>
public sealed partial class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<Sample> Samples { get; } = [.. text.Split('\n').Select(Read).OfType<Sample>()];

    /// <summary>The lines of our own meter, for the test output.</summary>
    public IEnumerable<string> QanduLines => Text.Split('\n').Where(l => l.StartsWith("qandu_", StringComparison.Ordinal));

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one given.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    public bool Has(string name) => Samples.Any(s => s.Name == name);

    private static Sample? Read(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
            return null;
        var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    public sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>[-+0-9.eEInfNa]+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
