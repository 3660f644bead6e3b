using System.Text;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// An answer written for a customer: from public articles only (never internal ones, staff quotes or other
/// conversations), cited with help-center links, with a confidence (0–1) the caller compares with the channel's
/// hand-off threshold.
/// </summary>
/// <param name="Text">Markdown: the direct answer, then the steps, then "Source: …".</param>
/// <param name="Confidence">How likely the answer is right (0–1); below the channel's threshold the assistant hands off.</param>
/// <param name="Sources">The cited articles with their help-center links.</param>
/// <param name="Language">The language the answer is written in (ISO 639-1).</param>
/// <param name="ArticleIds">The public articles cited, first the one it leads with.</param>
public sealed record CustomerAnswer(string Text, double Confidence, IReadOnlyList<AiSource> Sources, string Language, IReadOnlyList<long> ArticleIds)
{
    public bool Found => ArticleIds.Count > 0;
}

/// <summary>
/// Answers a customer's question from public knowledge in their language. The Local assistant uses it for every request
/// whose <see cref="AssistantRequest.Audience"/> is Customer; remote models get the same articles as context.
/// </summary>
public sealed class CustomerAnswerer(KnowledgeRetriever retriever)
{
    private const int MaxArticles = 3;

    /// <param name="question">The customer's message (untrusted text).</param>
    /// <param name="language">The conversation's language, when known.</param>
    /// <param name="ct">Cancels the search.</param>
    public async Task<CustomerAnswer> AnswerAsync(string question, string? language, CancellationToken ct = default)
    {
        var lang = language ?? "en";
        var matches = await retriever.RetrieveAsync(question, language, MaxArticles, ct, KnowledgeAudience.Public);
        if (matches.Count == 0)
            return new CustomerAnswer("", 0, [], lang, []);
        var best = matches[0];
        var text = new StringBuilder();
        foreach (var sentence in KnowledgeExcerpt.KeySentences(best.Body, best.Terms))
            text.Append(sentence).Append(' ');
        var link = HelpLinks.Article(best.Id, best.Title);
        text.Append($"\n\nSource: [{AnswerFinder.Escape(best.Title)}]({link})");
        var asked = TextWords.Significant(question).Distinct().ToList();
        var covered = asked.Count == 0 ? 0 : asked.Count(w => (best.Title + " " + best.Body).Contains(w, StringComparison.OrdinalIgnoreCase));
        var confidence = asked.Count == 0 ? 0 : Math.Round((double)covered / asked.Count, 2);
        return new CustomerAnswer(text.ToString().Trim(), confidence, [new AiSource(best.Title, link)], best.Language, [best.Id]);
    }
}
