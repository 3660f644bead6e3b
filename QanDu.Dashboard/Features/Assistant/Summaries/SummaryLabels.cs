namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// The fixed words of a summary in the conversation's language: German for a German conversation, English otherwise
/// (the sentences themselves are quoted as written, so they stay in the language they were written in).
/// </summary>
public sealed record SummaryLabels(
    string Problem,
    string Done,
    string Outcome,
    string Open,
    string NothingDone,
    string NothingOpen,
    string NoProblem,
    string Resolved,
    string NotResolved,
    string Snoozed,
    string Pending,
    string Settled,
    string Thanked,
    string AwaitingReply,
    string UnansweredPrefix,
    string Ongoing,
    string Archived)
{
    public static readonly SummaryLabels English = new(
        "Problem", "Done", "Outcome", "Open",
        "Nothing done yet.", "Nothing open.", "Nothing asked yet.",
        "Resolved.", "Not resolved yet.", "Snoozed, not resolved yet.", "Waiting on the assistant, not resolved yet.",
        "Settled with {0}; not marked resolved yet.", "{0} thanked the team; not marked resolved yet.",
        "{0} waits for a reply to their last message.", "Unanswered: ", "Ongoing; nothing marks it settled yet.", "Archived.");

    public static readonly SummaryLabels German = new(
        "Anliegen", "Erledigt", "Ergebnis", "Offen",
        "Noch nichts erledigt.", "Nichts offen.", "Noch kein Anliegen.",
        "Gelöst.", "Noch nicht gelöst.", "Zurückgestellt, noch nicht gelöst.", "Wartet auf den Assistenten, noch nicht gelöst.",
        "Mit {0} geklärt; noch nicht als gelöst markiert.", "{0} hat sich bedankt; noch nicht als gelöst markiert.",
        "{0} wartet auf eine Antwort auf die letzte Nachricht.", "Unbeantwortet: ", "Läuft noch; nichts zeigt, dass es geklärt ist.", "Archiviert.");

    public static SummaryLabels For(string? language) => language == "de" ? German : English;
}
