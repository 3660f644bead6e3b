using System.Globalization;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// What support chat needs on top of VADER, which was built for social media. A lexicon addendum
/// (Data/support_lexicon.txt, each line says why): urgency is distress ("asap", "urgent", "hurry", "deadline"), breakage is
/// bad ("crashes", "bug"), politeness and topics are not feelings ("please", "support", "cancel"), and phrases whose
/// valence sits on their last word ("still waiting", "thanks for nothing", "good morning", "no rush"). Rules the lexicon
/// cannot say:
/// <list type="bullet">
/// <item>"help" is praise only when thanked for ("thanks for your help"); a request ("can you help me") is neutral; a cry
/// for help — with a complaint or urgency, shouted, exclaimed or on its own — is distress.</item>
/// <item>In a distressed message (an urgency word, a cry for help) "!" and "?" amplify the distress, whatever the polite
/// words around it: "please hurry!!!" is negative, "thanks!!!" stays positive.</item>
/// <item>What a product does ("load", "sync", "arrive") is neutral unless negated in the three words before it
/// ("doesn't load", "stopped syncing", "never arrives"), then it is breakage.</item>
/// <item>A wish is not a feeling: a positive word after "would" ("it would be great if", "we'd love").</item>
/// <item>A few emoji read as what they mean in chat (👍 good, 🙏 thanks) where the emoji lexicon names only the picture.</item>
/// </list>
/// Words the addendum puts in the lexicon go through VADER's rules like any other ("not happy", "VERY urgent"); the
/// valences of phrases, "help", product verbs and wishes are final.
/// </summary>
public sealed class SupportTextRules
{
    private const double HelpInDistress = -1.5;

    private static readonly HashSet<string> Gratitude = ["thanks", "thank", "thx", "ty", "appreciate", "appreciated", "grateful", "cheers", "kudos"];

    // Words that leave "help" on its own: "help me please!", "someone help".
    private static readonly HashSet<string> CryFiller = ["please", "pls", "plz", "me", "us", "someone", "somebody", "anyone", "anybody", "now", "asap", "urgently", "i", "need", "we", "!", "?"];

    private static readonly Dictionary<string, string> ChatEmoji = new(StringComparer.Ordinal)
    {
        ["👍"] = "good", ["👎"] = "bad", ["🙏"] = "thanks", ["😤"] = "frustrated", ["🤬"] = "furious", ["😡"] = "angry",
    };

    private readonly Dictionary<string, double> words;
    private readonly Dictionary<string, double> phrases;
    private readonly Dictionary<string, double> functions;
    private readonly HashSet<string> distress;

    public SupportTextRules(Dictionary<string, double> words, Dictionary<string, double> phrases, Dictionary<string, double> functions, IEnumerable<string> distress)
    {
        this.words = words;
        this.phrases = phrases;
        this.functions = functions;
        this.distress = [.. distress];
    }

    /// <summary>
    /// Parses Data/support_lexicon.txt: "word or phrase TAB valence TAB why", a valence of 0 takes a word out of the lexicon.
    /// A why starting with "distress" marks an urgency word that turns "!" to the negative side; one starting with
    /// "function" marks what a product does ("load", "sync"), neutral unless negated, then the line's valence.
    /// </summary>
    public static SupportTextRules LoadEmbedded() => Parse(SentimentAnalyzer.EmbeddedLines("support_lexicon.txt"));

    public static SupportTextRules Parse(IEnumerable<string> lines)
    {
        Dictionary<string, double> words = new(StringComparer.Ordinal), phrases = new(StringComparer.Ordinal), functions = new(StringComparer.Ordinal);
        var distress = new List<string>();
        foreach (var line in lines)
        {
            var parts = line.Split('\t');
            if (line.StartsWith('#') || parts.Length < 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                continue;
            var entry = parts[0].Trim().ToLowerInvariant();
            var why = parts.Length > 2 ? parts[2].TrimStart() : "";
            (why.StartsWith("function", StringComparison.OrdinalIgnoreCase) ? functions : entry.Contains(' ') ? phrases : words)[entry] = valence;
            if (why.StartsWith("distress", StringComparison.OrdinalIgnoreCase))
                distress.Add(entry);
        }
        return new SupportTextRules(words, phrases, functions, distress);
    }

    /// <summary>Writes the addendum's words into VADER's lexicon (0 removes a word) and the chat emoji into its emoji lexicon.</summary>
    public void ApplyTo(Dictionary<string, double> lexicon, Dictionary<string, string> emoji)
    {
        foreach (var (word, valence) in words)
        {
            if (valence == 0) lexicon.Remove(word);
            else lexicon[word] = valence;
        }
        foreach (var (picture, word) in ChatEmoji)
            emoji[picture] = word;
    }

    /// <summary>What the rules need to know about the whole message.</summary>
    public sealed record Context(bool Thanked, bool Complaint, bool Distressed, IReadOnlyDictionary<string, double> Lexicon);

    public Context Read(List<string> words, List<string> lower, string text, IReadOnlyDictionary<string, double> lexicon)
    {
        var thanked = lower.Any(Gratitude.Contains);
        var urgent = false;
        var complaint = false;
        for (var i = 0; i < lower.Count; i++)
        {
            var phrase = PhraseAt(lower, i);
            urgent |= distress.Contains(lower[i]) || (phrase is not null && distress.Contains(phrase));
            var valence = phrase is not null ? phrases[phrase] : lexicon.GetValueOrDefault(lower[i]);
            complaint |= lower[i] != "help" && (valence < 0 || VaderRules.Negated(lower[i]) || (functions.ContainsKey(lower[i]) && NegatedBefore(lower, i)));
        }
        var cry = lower.Contains("help") && !thanked
            && (complaint || urgent || text.Contains('!') || words.Contains("HELP") || lower.All(w => w == "help" || CryFiller.Contains(w)));
        return new Context(thanked, complaint, urgent || cry, lexicon);
    }

    /// <summary>
    /// The valence the support rules give word <paramref name="i"/>, final (VADER's modifiers are not applied to it), or null
    /// to leave the word to the lexicon and VADER.
    /// </summary>
    public double? Valence(List<string> lower, int i, Context context)
    {
        if (PhraseAt(lower, i) is { } phrase)
            return phrases[phrase];
        if (InsidePhrase(lower, i))
            return 0; // the phrase's valence sits on its last word
        var word = lower[i];
        if (functions.TryGetValue(word, out var broken))
            return NegatedBefore(lower, i) ? broken : 0;
        if (word == "help" && !context.Thanked)
            return Wished(lower, i) ? 0 : context.Distressed ? HelpInDistress : 0;
        if (Wished(lower, i) && (word == "help" || context.Lexicon.GetValueOrDefault(word) > 0))
            return 0;
        return null;
    }

    // "doesn't load", "never arrives", "stopped working", "no longer syncs".
    private static bool NegatedBefore(List<string> lower, int i)
    {
        for (var back = 1; back <= 3 && i - back >= 0; back++)
            if (VaderRules.Negated(lower[i - back]) || lower[i - back] is "stopped" or "stops" or "longer")
                return true;
        return false;
    }

    // A wish is not a feeling: "it would be great if", "we'd love", "would be really useful", "it would help".
    private static bool Wished(List<string> lower, int i)
    {
        for (var back = 1; back <= 3 && i - back >= 0; back++)
            if (lower[i - back] is "would" or "i'd" or "we'd" or "it'd" or "that'd")
                return true;
        return false;
    }

    /// <summary>In a distressed message the punctuation emphasis goes to the negative side.</summary>
    public double Emphasis(double sum, double emphasis, Context context) =>
        context.Distressed ? sum - emphasis : sum > 0 ? sum + emphasis : sum < 0 ? sum - emphasis : sum;

    private bool InsidePhrase(List<string> lower, int i) =>
        (i + 1 < lower.Count && PhraseAt(lower, i + 1) is not null) || (i + 2 < lower.Count && PhraseAt(lower, i + 2) is { } p && p.Count(c => c == ' ') == 2);

    /// <summary>The addendum phrase (two or three words) that ends at word <paramref name="i"/>, if any.</summary>
    private string? PhraseAt(List<string> lower, int i)
    {
        if (phrases.Count == 0)
            return null;
        if (i >= 2 && phrases.ContainsKey($"{lower[i - 2]} {lower[i - 1]} {lower[i]}"))
            return $"{lower[i - 2]} {lower[i - 1]} {lower[i]}";
        if (i >= 1 && phrases.ContainsKey($"{lower[i - 1]} {lower[i]}"))
            return $"{lower[i - 1]} {lower[i]}";
        return null;
    }
}
