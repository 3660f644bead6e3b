using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// A summary of one conversation for the people working it: the problem, what was done, the outcome and what is still
/// open, plus the whole as Markdown. <see cref="Done"/> and <see cref="Open"/> hold one item per line; a part is empty
/// when the conversation does not say (the Markdown then says so in words).
/// </summary>
public sealed record ConversationSummary(string Problem, string Done, string Outcome, string Open, string Markdown);

/// <summary>
/// Summaries of any conversation the caller may see (the header's "Summarize" action, the REST API) and the two-line note
/// the assistant leaves an agent when it hands a customer conversation off. Reads through <see cref="TranscriptReader"/>
/// as the caller, so nothing they cannot see goes in. The Local assistant summarizes extractively
/// (<see cref="ExtractiveSummary"/>); a remote model is asked for the four parts and, when it fails or answers
/// something unreadable, the extractive summary stands in.
/// </summary>
public sealed class ConversationSummaries(TranscriptReader reader, IChatClient client, ILogger<ConversationSummaries> logger)
{
    public async Task<ConversationSummary> SummarizeAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        caller.RequireStaff("A conversation summary");
        var transcript = await reader.ReadAsync(caller, threadId, ct);
        if (transcript.Lines.Count == 0 || client.GetService(typeof(LocalChatClient)) is not null)
            return ExtractiveSummary.Build(transcript);
        try
        {
            return await AskModelAsync(transcript, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The AI provider could not summarize thread {ThreadId}; the extractive summary is shown instead", threadId);
            return ExtractiveSummary.Build(transcript);
        }
    }

    /// <summary>The offline summary, whatever the provider: what the assistant's own tools and hand-offs use.</summary>
    public async Task<ConversationSummary> SummarizeExtractivelyAsync(ChatCaller caller, long threadId, CancellationToken ct = default) =>
        ExtractiveSummary.Build(await reader.ReadAsync(caller, threadId, ct));

    /// <summary>
    /// Two lines for the agent taking over from the assistant: what the customer wants, and where it stands and why it is
    /// handed over. Always extractive: a hand-off must not wait on, or fail with, a remote model.
    /// </summary>
    public async Task<string> HandOffNoteAsync(long threadId, string reason, CancellationToken ct = default)
    {
        var transcript = await reader.ReadAsync(ChatCaller.System("hand-off"), threadId, ct);
        return HandOffNote.Write(transcript, ExtractiveSummary.Build(transcript), reason);
    }

    private async Task<ConversationSummary> AskModelAsync(Transcript transcript, CancellationToken ct)
    {
        var response = await client.GetResponseAsync(SummaryPrompt.For(transcript), new ChatOptions { Temperature = 0.2f }, ct);
        return SummaryPrompt.Read(response.Text, SummaryLabels.For(transcript.Language))
               ?? throw new InvalidOperationException("The model's answer held none of the four parts.");
    }
}
