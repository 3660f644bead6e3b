using QanDu.Dashboard.Data.Entities;
namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>"label|text" lines shipped with the tests (Features/Analysis/Data).</summary>
internal static class LabelledSet
{
    public static List<(string Label, string Text)> Load(string fileName) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Features", "Analysis", "Data", fileName))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('|', 2)).Select(p => (p[0], p[1])).ToList();
}
