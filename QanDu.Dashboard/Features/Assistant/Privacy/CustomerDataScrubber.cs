using System.Text;
using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Assistant.Privacy;

/// <summary>A text cleaned of other customers' data, and how many sentences were taken out.</summary>
public sealed record ScrubbedText(string Text, int RemovedSentences);

/// <summary>
/// Cleans an agent's earlier answer (or an article) before it is offered for another customer: its opening greeting goes
/// (the caller greets the customer now asking), and every sentence that names one of <c>others</c> (name, email, phone,
/// host-site id, company, id-like attributes) or holds case data (emails, phone numbers, VAT ids, IBANs, order, invoice
/// and card numbers, long ids, URLs with ids, table rows) is removed whole — a sentence with a hole in it would still say
/// what happened to that customer. When too little is left to make sense, nothing is returned: the text is dropped.
/// </summary>
public static partial class CustomerDataScrubber
{
    /// <summary>Fewer words than this left: not worth offering.</summary>
    private const int MinimumWords = 5;

    /// <summary>Less than this share of the words left: the answer was about that customer's case, not a general one.</summary>
    private const double MinimumKeptShare = 0.5;

    // Words of company names that say nothing about which company it is.
    private static readonly HashSet<string> GenericCompanyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "partners", "logistics", "design", "health", "analytics", "commerce", "support", "consulting", "conseil", "robotics",
        "fintech", "architects", "services", "solutions", "systems", "group", "holdings", "limited", "company", "international",
        "global", "digital", "software", "studio", "studios", "labs", "technologies", "technology", "trading", "traders", "care",
        "night", "ops", "gmbh", "ltd", "inc", "corp", "the", "and", "co", "llc", "sarl", "bank", "media", "foods", "store", "shop",
    };

    /// <summary>The cleaned text, or null when it cannot be offered safely (too little left once the customer data is out).</summary>
    public static ScrubbedText? Clean(string text, IEnumerable<CustomerIdentity> others)
    {
        var needles = Needles(others);
        var body = Greeting().Replace(text.Trim(), "", 1);
        var kept = new StringBuilder();
        int all = 0, keptWords = 0, removed = 0;
        foreach (var rawLine in body.Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (line.Trim().Length == 0)
            {
                kept.Append('\n');
                continue;
            }
            if (line.TrimStart().StartsWith('|'))
            {
                // A table row is one case's figures (payments, times, ids): never general advice.
                all += WordCount(line);
                removed++;
                continue;
            }
            var marker = ListMarker().Match(line) is { Success: true } m ? m.Value : "";
            var keptHere = new List<string>();
            foreach (var sentence in SentenceEnd().Split(line[marker.Length..]))
            {
                var words = WordCount(sentence);
                all += words;
                if (Names(sentence, needles))
                {
                    removed++;
                    continue;
                }
                keptHere.Add(sentence.Trim());
                keptWords += words;
            }
            if (keptHere.Count > 0)
                kept.Append(marker).Append(string.Join(' ', keptHere)).Append('\n');
        }
        var result = BlankLines().Replace(kept.ToString(), "\n\n").Trim();
        if (keptWords < MinimumWords || keptWords < all * MinimumKeptShare || result.Length == 0)
            return null;
        // The sentences are checked one by one; the whole is checked again so nothing split across them slips through.
        return Names(result, needles) ? null : new ScrubbedText(result, removed);
    }

    /// <summary>Whether the text holds any of these customers' details or anything shaped like case data.</summary>
    public static bool Contains(string text, IEnumerable<CustomerIdentity> others) => Names(text, Needles(others));

    private static bool Names(string text, NeedleSet needles)
    {
        if (needles.Words?.IsMatch(text) == true)
            return true;
        if (needles.PhoneDigits.Count > 0)
        {
            var digits = new string([.. text.Where(char.IsAsciiDigit)]);
            if (needles.PhoneDigits.Exists(p => digits.Contains(p, StringComparison.Ordinal)))
                return true;
        }
        foreach (var pattern in CaseData)
            if (pattern.IsMatch(text))
                return true;
        foreach (Match phone in Phone().Matches(text))
            if (phone.Value.Count(char.IsAsciiDigit) >= 7)
                return true;
        return false;
    }

    private sealed record NeedleSet(Regex? Words, List<string> PhoneDigits);

    private static NeedleSet Needles(IEnumerable<CustomerIdentity> others)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var phones = new List<string>();
        foreach (var other in others)
        {
            if (Clean(other.Name) is { } name)
            {
                words.Add(name);
                foreach (var part in NamePart().Matches(name).Select(p => p.Value).Where(p => p.Length >= 3))
                    words.Add(part);
            }
            if (Clean(other.Email) is { } email)
            {
                words.Add(email);
                if (email.Split('@')[0] is { Length: >= 4 } local)
                    words.Add(local);
            }
            if (Clean(other.Identifier) is { Length: >= 3 } identifier)
                words.Add(identifier);
            if (Clean(other.Company) is { Length: >= 3 } company)
            {
                words.Add(company);
                foreach (var part in NamePart().Matches(company).Select(p => p.Value).Where(p => p.Length >= 4 && !GenericCompanyWords.Contains(p)))
                    words.Add(part);
            }
            foreach (var value in other.Attributes)
                if (Clean(value) is { Length: >= 4 } v && v.Any(c => char.IsDigit(c) || c is '_' or '@' or '-' or '/'))
                    words.Add(v);
            if (other.Phone is { } phone && new string([.. phone.Where(char.IsAsciiDigit)]) is { Length: >= 6 } digits)
                phones.Add(digits.Length > 7 ? digits[^7..] : digits);
        }
        var regex = words.Count == 0
            ? null
            : new Regex(@"(?<![\p{L}\p{N}_])(?:" + string.Join('|', words.OrderByDescending(w => w.Length).Select(Regex.Escape)) + @")(?![\p{L}\p{N}_])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return new NeedleSet(regex, phones);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int WordCount(string text) => NamePart().Count(text);

    private static readonly Regex[] CaseData =
    [
        Email(), VatId(), SpacedVatId(), Iban(), HashNumber(), PrefixedNumber(), LabelledNumber(), CardEnding(), LongNumber(),
        MixedToken(), UrlWithId(),
    ];

    [GeneratedRegex(@"^(hi|hello|hey|dear|good (morning|afternoon|evening)|hallo|guten tag|hola|bonjour)\b[^,!.\n]{0,40}[,!.]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    // Not after "no." or "e.g.": "Invoice no. 2024-0042" is one sentence.
    [GeneratedRegex(@"(?<=[.!?])(?<!\b(?:[Nn]o|[Nn]r|vs|e\.g|i\.e|approx|incl|ref|Ref)\.)\s+(?=[\p{Lu}\d*_\[(])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’-]*")]
    private static partial Regex NamePart();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")]
    private static partial Regex Email();

    // +1 415 555 0142, (030) 1234-5678: seven digits or more (checked by the caller), with spaces, dots, dashes, brackets.
    [GeneratedRegex(@"(?<![\w/])\+?\d[\d ().-]{6,}\d(?![\w/])")]
    private static partial Regex Phone();

    // DE123456789, GB123456789, NL123456789B01, ATU12345678, FRXX123456789: country letters and at least six digits.
    [GeneratedRegex(@"\b[A-Z]{2,3}[ -]?(?=[0-9A-Z]*\d{6})[0-9A-Z]{8,13}\b")]
    private static partial Regex VatId();

    [GeneratedRegex(@"\b[A-Z]{2}[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}\b")]
    private static partial Regex SpacedVatId();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b")]
    private static partial Regex Iban();

    [GeneratedRegex(@"#\s?\d{3,}")]
    private static partial Regex HashNumber();

    // ORD-1042, INV_2024_0042, user-1000, ws 5520, cus_829104: a short prefix joined to a number.
    [GeneratedRegex(@"\b(?:[A-Za-z]{2,8}[-_]\d{3,}(?:[-_]\d+)*|(?:ws|cus|acct|id|ord|inv|po)\s?#?\d{3,})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PrefixedNumber();

    [GeneratedRegex(@"\b(?:order|invoice|bestellung|rechnung|pedido|factura|ticket|case|account|reference|ref|customer|contract|vat|ust-idnr|tax id)\s*(?:no\.?|nr\.?|number|num|id|#)?\s*[:.]?\s*[A-Z]{0,4}[-_]?\d{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledNumber();

    [GeneratedRegex(@"\b(?:ending|ends|ending in|ends in|last (?:four|4)(?: digits)?)\s*(?:in|with)?\s*\d{4}\b", RegexOptions.IgnoreCase)]
    private static partial Regex CardEnding();

    [GeneratedRegex(@"(?<![\d,.])\d{6,}(?![\d,.]\d)")]
    private static partial Regex LongNumber();

    // re_3PqL9x2eZvKu, a1b2c3d4e5: a long token mixing letters and digits is an id.
    [GeneratedRegex(@"\b(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{10,}\b")]
    private static partial Regex MixedToken();

    [GeneratedRegex(@"https?://[^\s)>\]]*(?:\d{4,}|[?&][\w.-]+=)[^\s)>\]]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlWithId();
}
