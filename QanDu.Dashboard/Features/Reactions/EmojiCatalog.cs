using System.Text.Json;

namespace QanDu.Dashboard.Features.Reactions;

/// <summary>One emoji the picker offers and reactions accept: its character, name, picker group and shortcodes (no colons).</summary>
public sealed record EmojiInfo(string Emoji, string Name, string Group, IReadOnlyList<string> Shortcodes)
{
    public string Shortcode => $":{Shortcodes[0]}:";
}

/// <summary>
/// The curated emoji list shipped with the app (emoji.json, embedded): what can be used as a reaction and searched in
/// the picker. Offline by design; no emoji font or CDN is fetched.
/// </summary>
public sealed class EmojiCatalog
{
    private const char VariationSelector = '\uFE0F';
    private readonly Dictionary<string, EmojiInfo> _byEmoji = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmojiInfo> _byShortcode = new(StringComparer.OrdinalIgnoreCase);

    private EmojiCatalog(IReadOnlyList<EmojiInfo> all)
    {
        All = all;
        foreach (var info in all)
        {
            _byEmoji.TryAdd(Bare(info.Emoji), info);
            foreach (var code in info.Shortcodes)
                _byShortcode.TryAdd(code, info);
        }
    }

    public static EmojiCatalog Default { get; } = Load();

    public IReadOnlyList<EmojiInfo> All { get; }

    public IReadOnlyDictionary<string, EmojiInfo> ByShortcode => _byShortcode;

    /// <summary>The emoji a reaction names: the character itself (with or without U+FE0F) or a shortcode, with or without colons.</summary>
    public EmojiInfo? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.Trim();
        if (_byEmoji.TryGetValue(Bare(trimmed), out var info))
            return info;
        var code = trimmed.Length > 2 && trimmed[0] == ':' && trimmed[^1] == ':' ? trimmed[1..^1] : trimmed;
        return _byShortcode.GetValueOrDefault(code);
    }

    /// <summary>Emoji whose name, shortcode or group contains every word of the query; all of them for an empty query.</summary>
    public IReadOnlyList<EmojiInfo> Search(string? query)
    {
        var trimmed = (query ?? "").Trim();
        if (trimmed.Length == 0)
            return All;
        if (!char.IsAscii(trimmed[0]))
            return Find(trimmed) is { } exact ? [exact] : [];
        var words = trimmed.Trim(':').ToLowerInvariant().Split([' ', '_'], StringSplitOptions.RemoveEmptyEntries);
        return All.Where(e => words.All(w => Matches(e, w))).ToList();
    }

    private static bool Matches(EmojiInfo info, string word) =>
        info.Name.Contains(word, StringComparison.OrdinalIgnoreCase)
        || info.Group.Contains(word, StringComparison.OrdinalIgnoreCase)
        || info.Shortcodes.Any(c => c.Contains(word, StringComparison.OrdinalIgnoreCase));

    private static string Bare(string emoji) => emoji.Replace(VariationSelector.ToString(), "", StringComparison.Ordinal);

    private static EmojiCatalog Load()
    {
        using var stream = typeof(EmojiCatalog).Assembly.GetManifestResourceStream("QanDu.Dashboard.Features.Reactions.emoji.json")
            ?? throw new InvalidOperationException("The embedded emoji list (Features/Reactions/emoji.json) is missing from the build.");
        var entries = JsonSerializer.Deserialize<List<EmojiInfo>>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("The embedded emoji list is empty.");
        return new EmojiCatalog(entries);
    }
}
