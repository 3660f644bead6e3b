using System.Text;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Analysis;
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
/// The article is chosen by <see cref="KnowledgeRetriever.RankAsync"/>; the answer leads with the sentence that answers,
/// then the article's steps, then the source; the confidence is <see cref="AnswerConfidence"/>'s calibrated number.
/// </summary>
public sealed partial class CustomerAnswerer(KnowledgeRetriever retriever, MessageAnalyzer analyzer)
{
    private const int Candidates = 5;

    /// <param name="question">The customer's message (untrusted text).</param>
    /// <param name="language">The conversation's language, when known.</param>
    /// <param name="ct">Cancels the search.</param>
    public async Task<CustomerAnswer> AnswerAsync(string question, string? language, CancellationToken ct = default) =>
        (await ExplainAsync(question, language, ct)).Answer;

    /// <summary>The answer and what its confidence was computed from (null when nothing was found).</summary>
    internal async Task<(CustomerAnswer Answer, AnswerFeatures? Features)> ExplainAsync(string question, string? language, CancellationToken ct)
    {
        var customer = CustomerLanguage(question, language);
        var intents = await analyzer.IntentsAsync.WaitAsync(ct);
        string? IntentOf(string text) => intents.Predict(text).Intent;
        var ranked = await retriever.RankAsync(question, customer, Candidates, ct, KnowledgeAudience.Public, IntentOf);
        if (ranked.Count == 0)
            return (new CustomerAnswer("", 0, [], customer ?? "en", []), null);

        var best = ranked[0].Match;
        var passage = AnswerPassage.Find(question, best.Terms, best.Body);
        var features = AnswerFeatures.Of(ranked, passage);
        var text = new StringBuilder();
        if (AnswerLanguage.NotInYourLanguage(customer, best.Language) is { } notice)
            text.Append(notice).Append("\n\n");
        var cited = new List<KnowledgeMatch>();
        foreach (var (article, part) in await PartsAsync(question, customer, IntentOf, ct) ?? [(best, passage)])
        {
            if (cited.Count > 0)
                text.Append("\n\n");
            Compose(text, part, article);
            cited.Add(article);
        }
        var sources = cited.ConvertAll(a => new AiSource(a.Title, HelpLinks.Article(a.Id, a.Title)));
        return (new CustomerAnswer(text.ToString().Trim(), AnswerConfidence.Of(features), sources, best.Language, [.. cited.Select(a => a.Id)]), features);
    }

    /// <summary>The conversation's language, else the question's own when it is long enough to tell.</summary>
    private string? CustomerLanguage(string question, string? language)
    {
        if (!string.IsNullOrWhiteSpace(language) && language != LanguageDetector.Undetermined)
            return language.Trim().ToLowerInvariant();
        var detected = analyzer.Language.Detect(question);
        return detected == LanguageDetector.Undetermined ? null : detected;
    }

    private static void Compose(StringBuilder text, AnswerPassage passage, KnowledgeMatch article)
    {
        text.Append(AnswerFinder.Escape(passage.Lead));
        if (passage.Support is { } support)
            text.Append(' ').Append(AnswerFinder.Escape(support));
        if (passage.Steps.Count > 0)
        {
            text.Append("\n\n");
            text.AppendJoin('\n', passage.Steps.Select((step, i) => $"{i + 1}. {AnswerFinder.Escape(step)}"));
        }
        text.Append($"\n\nSource: [{AnswerFinder.Escape(article.Title)}]({HelpLinks.Article(article.Id, article.Title)})");
    }

    /// <summary>
    /// One article per part, only when the question has two parts that different articles answer clearly
    /// ("how do I return it, and do you ship to Norway?"); null otherwise (one article answers).
    /// </summary>
    private async Task<List<(KnowledgeMatch Article, AnswerPassage Passage)>?> PartsAsync(
        string question, string? customer, Func<string, string?> intentOf, CancellationToken ct)
    {
        var parts = QuestionPart().Split(question).Where(p => KnowledgeText.DirectWords(p).Count >= 2).Take(3).ToList();
        if (parts.Count < 2)
            return null;
        var answers = new List<(KnowledgeMatch Article, AnswerPassage Passage)>();
        foreach (var part in parts)
        {
            var ranked = await retriever.RankAsync(part, customer, 1, ct, KnowledgeAudience.Public, intentOf);
            if (ranked.Count == 0 || ranked[0].Cover < PartCover || ranked[0].TitleCover <= 0)
                return null;
            if (answers.All(a => a.Article.Id != ranked[0].Match.Id))
                answers.Add((ranked[0].Match, AnswerPassage.Find(part, ranked[0].Match.Terms, ranked[0].Match.Body)));
        }
        return answers.Count >= 2 ? answers : null;
    }

    /// <summary>Each part must be this well covered by its article (and named in its title) for the answer to cite one per part.</summary>
    private const double PartCover = 0.67;

    [GeneratedRegex(@"(?<=[?.!;])\s+|,?\s+(?:and also|also|and then|plus)\s+|,\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionPart();
}
