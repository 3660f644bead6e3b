using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>What kind of answer a question asks for: steps, a time, a price, a yes or no, a reason, a place.</summary>
public enum QuestionKind { Other, Procedure, Time, Cost, YesNo, Reason, Place }

/// <summary>
/// The question-type cue of a question ("how do I", "how long", "how much", "can I", "why", "where") and whether a
/// sentence has the kind of content that answers it (steps, a duration, an amount, a rule, a cause, a location).
/// English, German and Spanish forms; other languages fall back to <see cref="QuestionKind.Other"/>.
/// </summary>
public static partial class QuestionCues
{
    public static QuestionKind Kind(string question)
    {
        var q = question.ToLowerInvariant();
        if (TimeQuestion().IsMatch(q))
            return QuestionKind.Time;
        if (CostQuestion().IsMatch(q))
            return QuestionKind.Cost;
        if (ReasonQuestion().IsMatch(q))
            return QuestionKind.Reason;
        if (ProcedureQuestion().IsMatch(q))
            return QuestionKind.Procedure;
        if (PlaceQuestion().IsMatch(q))
            return QuestionKind.Place;
        if (YesNoQuestion().IsMatch(q))
            return QuestionKind.YesNo;
        return QuestionKind.Other;
    }

    /// <summary>Whether a sentence holds what a question of this kind asks for; <paramref name="isStep"/>: it is a numbered step.</summary>
    public static bool Answers(QuestionKind kind, string sentence, bool isStep = false) => kind switch
    {
        QuestionKind.Procedure => isStep || Instruction().IsMatch(sentence),
        QuestionKind.Time => Duration().IsMatch(sentence),
        QuestionKind.Cost => Amount().IsMatch(sentence),
        QuestionKind.YesNo => Rule().IsMatch(sentence),
        QuestionKind.Reason => Cause().IsMatch(sentence),
        QuestionKind.Place => Location().IsMatch(sentence),
        _ => false,
    };

    [GeneratedRegex(@"\b(how long|how soon|how many days|when|until when|wann|wie lange|cuándo|cuanto tarda|cuánto tarda|cuánto tiempo)\b")]
    private static partial Regex TimeQuestion();

    [GeneratedRegex(@"\b(how much|cost|costs|price|fee|fees|kostet|kosten|cuesta|cuánto cuesta|precio)\b")]
    private static partial Regex CostQuestion();

    [GeneratedRegex(@"\b(why|warum|wieso|por qué)\b")]
    private static partial Regex ReasonQuestion();

    [GeneratedRegex(@"\b(how do|how can|how to|how should|what should i do|what do i do|what now|where (do|can) (i|we) (find|download|see|enter|get|follow|change)|wie (kann|können|aktiviere|ändere|bekomme)|cómo)\b")]
    private static partial Regex ProcedureQuestion();

    [GeneratedRegex(@"\b(where|which country|in which|wo|wohin|dónde)\b")]
    private static partial Regex PlaceQuestion();

    [GeneratedRegex(@"^\W*(can|could|do|does|is|are|will|would|may|should|did|have|has|kann|können|ist|gibt|puedo|se puede|hay|es)\b")]
    private static partial Regex YesNoQuestion();

    [GeneratedRegex(@"^(open|choose|click|select|enter|go|pick|print|drop|send|scan|measure|check|write|tell|add|type|abra|elija|imprima|entregue|klicken|wählen|öffnen|geben)\b|→|\b(choose|choosing|select|click)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Instruction();

    [GeneratedRegex(@"\d+\s*(to \d+\s*)?(minutes?|hours?|days?|working days|business days|weeks?|months?|years?|werktag\w*|stunden|tage\w*|wochen|días|horas|semanas|minutos)|\b(same day|next working day|next day|immediately|as soon as|sobald|within|innerhalb|until|once)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d+[.,]\d\d|€|\$|£|\b(eur|usd|gbp|free|no cost|costs?|fee|charged|kostenlos|gratuit\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b(can|cannot|can't|not|no longer|only|never|do not|does not|is|are|free|kann|nicht|puede|no)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Rule();

    [GeneratedRegex(@"\b(because|reason|reasons|usually|to protect|since|due to|weil|porque)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cause();

    [GeneratedRegex(@"\b(in [A-Z]\w+|countries|servers|EU|located|warehouse|page|menu|settings|under)\b")]
    private static partial Regex Location();
}
