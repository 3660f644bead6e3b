using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Context;

/// <summary>Text retrieved for a question, with where it came from.</summary>
public sealed record KnowledgeFound(string Text, IReadOnlyList<AiSource> Sources);

/// <summary>
/// Retrieval for the context and the <c>search_knowledge</c> tool, always as the requester (only threads they may see).
/// Today: how agents answered similar questions before (<see cref="AnswerFinder"/>). The knowledge base's articles
/// join here, in this one place, when it lands.
/// </summary>
public sealed class AssistantKnowledge(AnswerFinder answers)
{
    /// <summary>What is known about <paramref name="question"/>; null when nothing relevant was found.</summary>
    public async Task<KnowledgeFound?> FindAsync(AssistantRequest request, string question, CancellationToken ct)
    {
        var answer = await answers.AnswerAsync(request, question, ct);
        return answer.Sources.Count == 0 ? null : new KnowledgeFound(answer.Text, answer.Sources);
    }
}
