using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>
/// The knowledge half of the Local assistant: published articles for the question (preferring the conversation's
/// language), each quoted by the sentences that match the question rather than in full, and cited with a link.
/// </summary>
public sealed class KnowledgeAnswerer(KnowledgeRetriever retriever, MessageAnalyzer analyzer, IDbContextFactory<ChatDbContext> dbFactory)
{
    private const int MaxArticles = 3;

    /// <summary>Below this share of the question's words found in an article, it is not offered as an answer.</summary>
    private const double MinimumShare = 0.2;

    public async Task<LocalAnswer?> AnswerAsync(AssistantRequest request, string question, CancellationToken ct)
    {
        var language = await ConversationLanguageAsync(request.ThreadId, question, ct);
        var matches = await retriever.RetrieveAsync(question, language, MaxArticles, ct);
        var found = matches.Select(m => (Match: m, Share: Share(m, question))).Where(f => f.Share >= MinimumShare).ToList();
        if (found.Count == 0)
            return null;

        var text = new StringBuilder();
        var best = found[0].Match;
        text.Append($"From the knowledge base — *{AnswerFinder.Escape(best.Title)}* ([open]({Link(best)})):\n\n");
        foreach (var sentence in KnowledgeExcerpt.KeySentences(best.Body, best.Terms))
            text.Append("> ").Append(AnswerFinder.Escape(sentence)).Append('\n');
        if (found.Count > 1)
        {
            text.Append("\nRelated articles:\n\n");
            foreach (var (other, _) in found.Skip(1))
                text.Append($"- *{AnswerFinder.Escape(other.Title)}* ([open]({Link(other)})): {AnswerFinder.Escape(KnowledgeExcerpt.KeySentences(other.Body, other.Terms, max: 1)[0])}\n");
        }
        var sources = found.Select(f => new AiSource(f.Match.Title, Link(f.Match))).ToList();
        return new LocalAnswer(text.ToString().TrimEnd(), Math.Round(Math.Min(1, found[0].Share), 2), sources);
    }

    /// <summary>
    /// The language the analysis found for the conversation's latest message from someone other than the assistant;
    /// else the question's own, when it is long enough to tell.
    /// </summary>
    private async Task<string?> ConversationLanguageAsync(long threadId, string question, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.User && m.Metadata != null)
            .OrderByDescending(m => m.Id).Take(10).Select(m => m.Metadata).ToListAsync(ct);
        var analysed = recent.Select(m => m?.Analysis?.Language).FirstOrDefault(l => l is not null && l != LanguageDetector.Undetermined);
        if (analysed is not null)
            return analysed;
        var detected = analyzer.Language.Detect(question);
        return detected == LanguageDetector.Undetermined ? null : detected;
    }

    /// <summary>How much of the question the article covers: the share of its significant words found in title or body.</summary>
    private static double Share(KnowledgeMatch match, string question)
    {
        var asked = TextWords.Significant(question).Distinct().ToList();
        if (asked.Count == 0)
            return 0;
        var stems = KnowledgeText.Words(match.Title + " " + match.Body).Select(Stem).ToHashSet();
        var questionWords = KnowledgeText.Words(question).ToHashSet();
        // Words the synonym table added (money back → refund) count half: they found the article, the customer did not say them.
        var synonyms = match.Terms.Where(t => !questionWords.Contains(t)).Select(Stem).Distinct().Count(stems.Contains);
        var direct = asked.Count(w => stems.Contains(Stem(w)));
        return Math.Min(1, (direct + 0.5 * synonyms) / asked.Count);
    }

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;

    private static string Link(KnowledgeMatch match) => $"/knowledge/{match.Id}";
}
