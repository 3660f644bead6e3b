using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Assistant.Feedback;

/// <summary>
/// What of a good answer may become a knowledge-base article. The answer stays as written, except what it quotes from
/// conversations that are not with a customer (team chats, someone's AI thread): their citations are left out with the
/// quotes under them (<see cref="ThreadCitations"/>). Only a citation can be told apart: text a remote model paraphrased is kept.
/// </summary>
internal static class KnowledgeDraft
{
    /// <summary>The conversations the answer links to.</summary>
    public static IEnumerable<long> CitedThreads(string markdown) => ThreadCitations.Cited(markdown);

    /// <summary>The answer without citations of conversations other than <paramref name="customerThreads"/>; unchanged when it cites none.</summary>
    public static string WithoutInternal(string markdown, IReadOnlySet<long> customerThreads) =>
        ThreadCitations.Without(markdown, customerThreads.Contains);
}
