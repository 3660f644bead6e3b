namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>The two lines an agent reads when the assistant hands a customer conversation to a person.</summary>
internal static class HandOffNote
{
    private const int MaxLine = 220;

    public static string Write(Transcript transcript, ConversationSummary summary, string reason)
    {
        var wants = summary.Problem.Length > 0 ? summary.Problem : "(nothing asked yet)";
        var assistant = transcript.Lines.LastOrDefault(l => l.Role == SummaryRole.Assistant);
        var stands = assistant is null
            ? "The assistant has not answered yet"
            : $"The assistant answered: {FirstSentence(assistant.Text)}";
        return $"Customer wants: {Clip(wants)}\n{Clip($"{stands}; handed over because {Why(reason)}.")}";
    }

    /// <summary>The hand-off reasons (<c>ChatThread.HandOffReason</c>) as an agent reads them.</summary>
    public static string Why(string reason) => reason switch
    {
        "asked-for-person" => "the customer asked for a person",
        "low-confidence" => "the assistant was not confident in its answer",
        "not-helpful" => "the customer said the answer did not help",
        "repeated-question" => "the customer asked the same question again",
        "negative-sentiment" => "the customer sounds upset",
        _ => reason.Trim().TrimEnd('.'),
    };

    private static string FirstSentence(string markdown)
    {
        var plain = string.Join(' ', Markdig.Markdown.ToPlainText(markdown).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var end = plain.IndexOfAny(['.', '!', '?']);
        return Clip(end > 0 ? plain[..(end + 1)] : plain, 120);
    }

    private static string Clip(string text, int max = MaxLine) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
