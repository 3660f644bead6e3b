using System.Text;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// A summary of one conversation for the people working it: the problem, what was done, the outcome and what is still
/// open, plus the whole as Markdown. Each part is empty when the conversation does not say.
/// </summary>
public sealed record ConversationSummary(string Problem, string Done, string Outcome, string Open, string Markdown);

/// <summary>
/// Summaries of any conversation the caller may see (the header's "Summarize" action, the <c>summarize</c> tool) and
/// the two-line note the assistant leaves an agent when it hands a customer conversation off. Reads through
/// <see cref="MessageService"/> as the caller, so nothing they cannot see goes in.
/// </summary>
public sealed class ConversationSummaries(MessageService messages)
{
    private const int HistoryLimit = 200;

    public async Task<ConversationSummary> SummarizeAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        var history = (await messages.GetHistoryAsync(caller, threadId, before: null, limit: HistoryLimit, ct)).Messages
            .Where(m => !m.Deleted && m.Content.Trim().Length > 0 && m.Type != MessageType.System).ToList();
        if (history.Count == 0)
            return new ConversationSummary("", "", "", "", "There is nothing to summarize in this conversation yet.");
        var problem = Clip(history[0].Content);
        var outcome = history.Count > 1 ? Clip(history[^1].Content) : "";
        var markdown = new StringBuilder($"**Problem:** {problem}");
        if (outcome.Length > 0)
            markdown.Append($"\n\n**Latest:** {outcome}");
        return new ConversationSummary(problem, "", outcome, "", markdown.ToString());
    }

    /// <summary>Two lines for the agent taking over from the assistant: what the customer wants, and where it stands.</summary>
    public async Task<string> HandOffNoteAsync(long threadId, string reason, CancellationToken ct = default)
    {
        var summary = await SummarizeAsync(ChatCaller.System("hand-off"), threadId, ct);
        return $"Customer asks: {(summary.Problem.Length > 0 ? summary.Problem : "(nothing yet)")}\nHanded to a person: {reason}.";
    }

    private static string Clip(string markdown)
    {
        var flat = string.Join(' ', Markdig.Markdown.ToPlainText(markdown).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 200 ? flat : flat[..199].TrimEnd() + "…";
    }
}
