using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// What a support sentence says, in English and German: a request, an action done or under way (money first), a
/// promise, a confirmation, or only pleasantries. Word lists, not a model: predictable, and wrong in ways a test shows.
/// </summary>
internal static partial class SummaryCues
{
    /// <summary>Words that carry no topic: function words, greetings, thanks, time words (English and German).</summary>
    private static readonly HashSet<string> Pleasant = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "to", "you", "your", "i", "we", "for", "it", "is", "and", "of", "have", "be", "so", "very", "much", "lot",
        "all", "me", "us", "that", "this", "with", "in", "on", "are", "was", "my", "our", "as", "too", "again", "really", "just",
        "hi", "hello", "hey", "dear", "good", "morning", "afternoon", "evening", "hope", "well", "today", "day", "great", "nice",
        "weekend", "week", "thanks", "thank", "thx", "appreciate", "appreciated", "welcome", "cheers", "bye", "goodbye", "pleasure",
        "happy", "help", "helping", "glad", "quick", "turnaround", "ok", "okay", "sure", "know", "to", "awesome", "perfect", "wonderful",
        "lovely", "kind", "regards", "best", "everyone", "team", "there", "doing", "fine",
        "hallo", "guten", "tag", "morgen", "danke", "dank", "vielen", "schönen", "schöne", "wochenende", "woche", "grüße", "gruß",
        "freundlichen", "liebe", "lieber", "viele", "bitte", "gerne", "gern", "tschüss", "und", "ich", "sie", "wir", "ihnen", "ihr",
        "es", "ist", "zu", "noch", "auch", "sehr", "mit", "ein", "eine", "der", "die", "das", "für", "super", "toll", "hilfe",
    };

    /// <summary>Words too common to tie a promise to what followed it.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "about", "would", "could", "should", "today", "tomorrow", "email", "check", "update", "minutes", "couple", "again", "thanks",
        "please", "their", "there", "where", "which", "these", "those", "again", "still", "other", "already", "right", "until",
        "after", "before", "going", "back", "touch", "possible", "morgen", "heute", "melde", "nochmal", "wieder", "schon", "prüfe",
    };

    public static IEnumerable<string> Words(string text) => WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    /// <summary>Only greetings, thanks and names: nothing a summary should quote.</summary>
    public static bool IsPleasantry(string sentence, IReadOnlySet<string> names) =>
        Words(sentence).All(w => w.Length < 2 || Pleasant.Contains(w) || names.Contains(w));

    /// <summary>How much a sentence of the asker's opening states their problem or request.</summary>
    public static int ProblemScore(string sentence) =>
        (sentence.Contains('?') ? 2 : 0) + (Request().IsMatch(sentence) ? 2 : 0) + (Trouble().IsMatch(sentence) ? 2 : 0)
        + (sentence.Length < 20 ? -1 : 0);

    /// <summary>
    /// Above zero when the sentence reports something done or under way: refunds and credits weigh most, then other
    /// actions and links sent, then a reference or an amount. A promise alone ("I'll refund it") is not done.
    /// </summary>
    public static int DoneScore(string sentence)
    {
        var link = Link().IsMatch(sentence);
        if (!DoneState().IsMatch(sentence) && !link)
            return 0;
        var money = Money().IsMatch(sentence);
        var action = Action().IsMatch(sentence);
        if (!money && !action && !link)
            return 0;
        return (money ? 3 : 0) + (action ? 2 : 0) + (link ? 2 : 0) + (Figure().IsMatch(sentence) ? 1 : 0);
    }

    /// <summary>How much a sentence says about money and actions: what makes one confirmation worth quoting over another.</summary>
    public static int Weight(string sentence) => (Money().IsMatch(sentence) ? 3 : 0) + (Action().IsMatch(sentence) ? 2 : 0);

    public static bool IsPromise(string sentence) => Promise().IsMatch(sentence) && !DoneState().IsMatch(sentence);

    /// <summary>A promise for later (get back, follow up, by a day), not one kept within the same exchange ("let me check").</summary>
    public static bool IsLongPromise(string sentence) => LongPromise().IsMatch(sentence);

    public static bool IsConfirmation(string sentence) => Confirmation().IsMatch(sentence);

    /// <summary>Whether a later sentence speaks of the promise's subject (a distinctive word of five letters or more).</summary>
    public static bool SharesTopic(string promise, IEnumerable<string> later)
    {
        var topic = Words(promise).Where(w => w.Length >= 5 && !Generic.Contains(w)).Select(Stem).ToHashSet(StringComparer.Ordinal);
        return later.Any(s => Words(s).Select(Stem).Any(topic.Contains));
    }

    private static string Stem(string word) => word.Length > 6 ? word[..6] : word;

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(can|could|would|will) you\b|\bplease\b|\bi('d| would) like\b|\bi (want|need|wish)\b|\bwe (want|need)\b|\bhow (do|does|can|long|much)\b|\bis (it|there)\b.*\?|\bwhy\b|\bkönnen sie\b|\bkönnten sie\b|\bbitte\b|\bich (möchte|brauche|will|hätte gern)\b|\bwir (möchten|brauchen|wollen)\b|\bwie (kann|lange|viel)\b|\bwarum\b", RegexOptions.IgnoreCase)]
    private static partial Regex Request();

    [GeneratedRegex(@"\b(charged|twice|double|wrong|error|fail\w*|broken|not working|doesn'?t|can'?t|cannot|won'?t|unable|missing|lost|stuck|locked|problem|issue|bug|crash\w*|refund|invoice\w*|overcharg\w*|doppelt|falsch|fehler|funktioniert nicht|geht nicht|kaputt|problem|gesperrt|fehlt|rechnung|erstattung|abgebucht)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Trouble();

    [GeneratedRegex(@"refund\w*|reimburs\w*|credit\w*|money back|chargeback|erstatt\w*|rückerstatt\w*|gutschrift\w*|gutgeschrieben|geld zurück", RegexOptions.IgnoreCase)]
    private static partial Regex Money();

    [GeneratedRegex(@"\b(replac\w*|resen[td]|re-sent|reset\w*|escalat\w*|bringing in|brought in|looped in|hand(ed)? (it )?over|forward\w*|fix\w*|correct\w*|restor\w*|unlock\w*|cancel\w*|appl(ied|y)|enabl\w*|disabl\w*|activat\w*|upgrad\w*|downgrad\w*|remov\w*|added|updated|changed|sent|sending|send|created|raised|extended|waived|submitted|issued|processed|shipped|exchang\w*|double-checked|checked|verified|split|moved|merged|deleted|approved|in your inbox|zurückgesetzt|ersetzt|ausgetauscht|eskaliert|weitergeleitet|behoben|korrigiert|wiederhergestellt|entsperrt|storniert|gekündigt|aktiviert|geändert|geschickt|gesendet|angelegt|verlängert|freigeschaltet|geprüft)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Action();

    [GeneratedRegex(@"https?://\S+|\b(here is|here's) the link\b|\bhier (ist|der) (der )?link\b", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"[$€£]\s?\d|\d[\d.,]*\s?(€|eur|usd)\b|\b[a-z]{1,4}_[a-z0-9]{4,}\b|\b(reference|ticket|case|referenz)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Figure();

    // Done or under way: "I've refunded", "we shipped", "is submitted", "I'm sending", "just now", a note's "Escalated to…"; German perfect and passive.
    [GeneratedRegex(@"\b(i|we)('ve)?(\s+(have|just|already|also|now))*\s+((?!(need|feed|seed|speed|proceed|exceed|succeed)\b)\w+ed|sent|made|did|put|set|got|gave|took|found|ran|built|wrote|paid)\b|\b(i'm|i am|we're|we are)\s+(also\s+|now\s+)?\w+ing\b|\b(is|are|was|were|has been|have been)\s+(now\s+|already\s+|all\s+)?(done|submitted|issued|processed|refunded|credited|sent|fixed|resolved|reset|applied|corrected|escalated|replaced|on (its|their) way|in your inbox|back)\b|\bin your inbox\b|\bjust now\b|^(escalated|refunded|credited|sent|reset|replaced|forwarded|fixed|added|issued|cancell?ed|approved|resent|corrected|done)\b|\b(ich|wir)\s+(habe|haben)\b|\b(wurde|wurden|ist|sind)\s+(bereits\s+|jetzt\s+|schon\s+)?(\w+\s+)?(erstattet|gutgeschrieben|ersetzt|zurückgesetzt|behoben|erledigt|weitergeleitet|eskaliert|verschickt|gesendet|storniert)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DoneState();

    [GeneratedRegex(@"\b(i'll|i will|we'll|we will|i'm going to|we're going to|i am going to|we are going to|let me (check|look|find|ask|see|pull|confirm|verify|dig)|get back to you|follow up|will keep|keep you (posted|updated)|ich werde|wir werden|ich melde|wir melden|melde mich|melden uns|ich prüfe|ich schaue|kümmere mich)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Promise();

    [GeneratedRegex(@"\b(get back|follow up|follow-up|tomorrow|by (the )?end of|next (week|monday|tuesday|wednesday|thursday|friday)|by (monday|tuesday|wednesday|thursday|friday)|until|once|as soon as|keep you (posted|updated)|keep this (conversation )?open|email you|call you|morgen|melde mich|melden uns|bis (montag|dienstag|mittwoch|donnerstag|freitag|ende)|nächste woche|sobald)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LongPromise();

    [GeneratedRegex(@"\b(thanks|thank you|thx|cheers|appreciate\w*|works|working (now|again)|fixed|solved|resolved|got (it|the)|received|arrived|perfect|great|that('s| is) (all|it)|all good|sorted|turned it on|danke|dank|funktioniert( wieder| jetzt)?|klappt|erhalten|angekommen|passt|erledigt|perfekt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Confirmation();
}
