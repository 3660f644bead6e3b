using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Context;

/// <summary>Text retrieved for a question, with where it came from.</summary>
public sealed record KnowledgeFound(string Text, IReadOnlyList<AiSource> Sources);

/// <summary>
/// Retrieval for the context and the <c>search_knowledge</c> tool, always as the requester: the knowledge base's
/// published articles (<see cref="KnowledgeAnswerer"/>: the sentences that match, preferring the conversation's language)
/// and how agents answered similar questions before in threads the requester may see (<see cref="AnswerFinder"/>).
/// </summary>
public sealed class AssistantKnowledge(KnowledgeAnswerer articles, AnswerFinder answers)
{
    /// <summary>What is known about <paramref name="question"/>; null when nothing relevant was found.</summary>
    public async Task<KnowledgeFound?> FindAsync(AssistantRequest request, string question, CancellationToken ct)
    {
        var fromArticles = await articles.AnswerAsync(request, question, ct);
        var fromAnswers = await answers.AnswerAsync(request, question, ct);
        var found = new[] { fromArticles, fromAnswers }.Where(a => a is { Sources.Count: > 0 }).Select(a => a!).ToList();
        return found.Count == 0
            ? null
            : new KnowledgeFound(string.Join("\n\n", found.Select(a => a.Text)), [.. found.SelectMany(a => a.Sources)]);
    }
}
