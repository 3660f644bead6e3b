namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>The languages an article may be written in (ISO 639-1), with the names the editor shows.</summary>
public static class KnowledgeLanguages
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["en"] = "English", ["de"] = "Deutsch", ["es"] = "Español", ["fr"] = "Français", ["it"] = "Italiano",
        ["pt"] = "Português", ["nl"] = "Nederlands", ["sv"] = "Svenska", ["da"] = "Dansk", ["nb"] = "Norsk",
        ["fi"] = "Suomi", ["pl"] = "Polski", ["cs"] = "Čeština", ["tr"] = "Türkçe", ["ru"] = "Русский",
        ["uk"] = "Українська", ["ar"] = "العربية", ["hi"] = "हिन्दी", ["ja"] = "日本語", ["zh"] = "中文", ["ko"] = "한국어",
    };

    public static bool IsKnown(string? code) => code is not null && Names.ContainsKey(code);

    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;
}
