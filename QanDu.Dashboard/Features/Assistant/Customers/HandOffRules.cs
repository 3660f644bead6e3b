using System.Text.RegularExpressions;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// When the assistant answering a customer stops and passes them to a person, and what it says to them then. The
/// reasons are stored on the conversation (<c>HandOffReason</c>) and shown to the agent in their words.
/// </summary>
public static partial class HandOffRules
{
    public const string AskedForPerson = "asked-for-person";
    public const string LowConfidence = "low-confidence";
    public const string NotHelpful = "not-helpful";
    public const string RepeatedQuestion = "repeated-question";
    public const string NegativeSentiment = "negative-sentiment";

    /// <summary>The assistant could not answer (the provider failed): a person answers rather than nobody.</summary>
    public const string AssistantUnavailable = "assistant-unavailable";

    /// <summary>At or below this compound sentiment (−1 to 1) a message is strongly negative: a person takes over.</summary>
    public const double NegativeSentimentAt = -0.6;

    /// <summary>Two questions sharing this share of their significant words are the same question asked again.</summary>
    public const double RepeatAt = 0.7;

    /// <summary>Whether the customer asks for a person (in any of the languages the dashboard detects most often).</summary>
    public static bool AsksForPerson(string text) => PersonPattern().IsMatch(text);

    /// <summary>Whether <paramref name="question"/> asks essentially what <paramref name="earlier"/> asked (same significant words, mostly).</summary>
    public static bool SameQuestion(string question, string earlier)
    {
        var now = TextWords.Significant(question).ToHashSet();
        var before = TextWords.Significant(earlier).ToHashSet();
        if (now.Count == 0 || before.Count == 0)
            return Normalize(question).Length > 0 && Normalize(question) == Normalize(earlier);
        var shared = now.Intersect(before).Count();
        return (double)shared / Math.Max(now.Count, before.Count) >= RepeatAt;
    }

    /// <summary>The agent's words for a reason (the hand-off note says why).</summary>
    public static string Describe(string reason) => reason switch
    {
        AskedForPerson => "the customer asked for a person",
        LowConfidence => "the help center does not answer this with enough confidence",
        NotHelpful => "the customer rated the assistant's answer not helpful",
        RepeatedQuestion => "the customer asked the same question again",
        NegativeSentiment => "the customer sounds upset",
        AssistantUnavailable => "the assistant could not answer (the AI provider failed)",
        _ => reason,
    };

    /// <summary>What the assistant tells the customer when it passes them on, in their language (English otherwise).</summary>
    public static string Message(string? language) => language switch
    {
        "de" => "Ich verbinde Sie mit einer Person aus dem Team; sie antwortet Ihnen hier.",
        "es" => "Le paso con una persona del equipo; le responderá aquí.",
        "fr" => "Je vous passe à une personne de l'équipe ; elle vous répondra ici.",
        "it" => "La passo a una persona del team; le risponderà qui.",
        "pt" => "Vou passar você para uma pessoa da equipe; ela responderá aqui.",
        "nl" => "Ik geef u door aan iemand van het team; die antwoordt u hier.",
        "da" => "Jeg sender dig videre til en person fra teamet; de svarer dig her.",
        "sv" => "Jag skickar dig vidare till en person i teamet; de svarar dig här.",
        "pl" => "Przekazuję Cię osobie z zespołu; odpowie Ci tutaj.",
        _ => "I'm passing you to a person from the team; they will reply here.",
    };

    private static string Normalize(string text) => string.Join(' ', text.ToLowerInvariant().Split(
        (char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim('?', '!', '.', ' ');

    // English, German, Spanish, French, Italian, Portuguese, Dutch: "talk to a human", "echter Mensch", "hablar con una persona"…
    [GeneratedRegex("""
        \b(?:human|real\s+person|live\s+(?:agent|person|chat)|(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|the|some|your)?\s*(?:human|person|agent|someone|somebody|representative|rep|staff|people|support\s+agent)|(?:get|want|need)\s+(?:a|an)\s+(?:human|person|agent|representative)|(?:connect|transfer|pass)\s+me\s+to\s+(?:a|an|the|some)?\s*(?:human|person|agent|someone|representative))\b
        |\b(?:mensch(?:en)?|mitarbeiter(?:in)?|echte[nr]?\s+person|(?:mit\s+)?(?:einer|einem)\s+(?:person|berater(?:in)?)\s+(?:sprechen|reden))\b
        |\b(?:una?\s+persona(?:\s+real)?|humano|agente|hablar\s+con\s+(?:alguien|una?\s+(?:persona|agente)))\b
        |\b(?:un\s+humain|une\s+personne|(?:parler|discuter)\s+(?:à|a|avec)\s+(?:quelqu'un|un\s+(?:conseiller|agent)))\b
        |\b(?:un(?:a|')?\s*(?:persona|operatore|umano)|parlare\s+con\s+(?:qualcuno|una\s+persona))\b
        |\b(?:uma\s+pessoa|falar\s+com\s+(?:alguém|um\s+(?:atendente|humano)))\b
        |\b(?:een\s+(?:mens|persoon|medewerker)|(?:spreken|praten)\s+met\s+iemand)\b
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex PersonPattern();
}
