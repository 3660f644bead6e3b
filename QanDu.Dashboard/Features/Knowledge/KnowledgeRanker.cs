namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// What the ranker saw in one article for one question. <see cref="Cover"/>: share of the question's words (weighted
/// by rarity among the candidates) found in the article; <see cref="TitleCover"/>: the same in its title; <see cref="Topic"/>:
/// <see cref="TitlePrecision"/>: share of the title's words the question asked about (a title about something else
/// scores low even when it shares a word); <see cref="Topic"/>: the question and the title name the same topic (refunds, passwords, shipping…); <see cref="Cue"/>: the article holds the
/// kind of content the question asks for (steps for "how do I", a duration for "how long", an amount for "how much").
/// </summary>
public sealed record RankedArticle(
    KnowledgeMatch Match, double Bm25, double Cover, double TitleCover, double TitlePrecision, bool Topic, bool IntentAgrees, bool Cue,
    bool LanguageMatches, double Popularity, int HelpfulCount, int UnhelpfulCount);

/// <summary>A candidate before ranking: bm25 (larger is better) and what the ranker reads of the article.</summary>
internal sealed record RankCandidate(long Id, string Title, string Language, string Body, string Tags, double Bm25, int Helpful, int Unhelpful);

/// <summary>
/// Re-ranks the full-text candidates of a question so overlapping articles are told apart: bm25 is the base, and the
/// article that matches the question's words in its title, names the same topic, has the same intent, holds what the
/// question type asks for, is in the conversation's language and has helped people before moves up. Weights were
/// tuned on the tuning half of the customer-question set (see docs/assistant.md, "How the offline assistant answers
/// customers"), never on its held-out half.
/// </summary>
internal static class KnowledgeRanker
{
    /// <summary>The weights in use; a tuning run sets others to compare them on the tuning questions only (docs/assistant.md).</summary>
    internal static RankerWeights Weights { get; set; } = RankerWeights.Default;

    /// <summary>Votes an article needs before its rating counts fully: a handful of votes says little.</summary>
    private const double PopularityPrior = 10;

    public static List<RankedArticle> Rank(
        string question, IReadOnlyList<string> terms, IReadOnlyList<RankCandidate> candidates, string? language,
        Func<string, string?>? intentOf = null)
    {
        if (candidates.Count == 0)
            return [];
        var direct = KnowledgeText.DirectWords(question);
        var synonyms = terms.Where(t => !KnowledgeText.ContainsWord(direct, t)).ToList();
        var topics = KnowledgeText.Synonyms.Topics(KnowledgeText.Words(question)).ToHashSet();
        var kind = QuestionCues.Kind(question);
        var texts = candidates.Select(c => (Title: KnowledgeText.Words(c.Title), All: KnowledgeText.Words(c.Title + " " + c.Tags + " " + c.Body))).ToList();
        // Rarity among the candidates: "order" in every article says less than "cancel" in two.
        var weights = direct.ToDictionary(w => w, w => Math.Log(1 + (double)candidates.Count / (1 + texts.Count(t => KnowledgeText.ContainsWord(t.All, w)))));
        var total = weights.Values.Sum();
        var maxBm25 = candidates.Max(c => c.Bm25);
        var preferred = language?.Trim().ToLowerInvariant();
        var w = Weights;
        var questionIntent = intentOf?.Invoke(question);

        var ranked = new List<RankedArticle>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var (title, all) = texts[i];
            var cover = total <= 0 ? 0 : direct.Where(w => KnowledgeText.ContainsWord(all, w)).Sum(w => weights[w]) / total;
            var titleDirect = total <= 0 ? 0 : direct.Where(w => KnowledgeText.ContainsWord(title, w)).Sum(w => weights[w]) / total;
            var titleSynonyms = synonyms.Count(s => KnowledgeText.ContainsWord(title, s));
            // Synonyms in the title count a little and are capped: they found the article, the customer did not say them.
            var titleCover = Math.Min(1, titleDirect + Math.Min(0.3, 0.15 * titleSynonyms));
            var titleWords = KnowledgeText.DirectWords(c.Title);
            var titlePrecision = titleWords.Count == 0 ? 0 : titleWords.Sum(t =>
                KnowledgeText.ContainsWord(direct, t) ? 1 : KnowledgeText.ContainsWord(synonyms, t) ? 0.5 : 0) / titleWords.Count;
            var titleTopics = KnowledgeText.Synonyms.Topics(KnowledgeText.Words(c.Title + " " + c.Tags));
            var topic = topics.Count > 0 && titleTopics.Any(topics.Contains);
            var intentAgrees = questionIntent is not null && intentOf!(c.Title + ". " + FirstSentence(c.Body)) == questionIntent;
            var cue = kind != QuestionKind.Other && KnowledgeExcerpt.Sentences(c.Body).Any(s => QuestionCues.Answers(kind, s));
            var languageMatches = preferred is not null && c.Language == preferred;
            var popularity = (c.Helpful - c.Unhelpful) / (c.Helpful + c.Unhelpful + PopularityPrior);
            var score = w.Bm25 * (maxBm25 > 0 ? c.Bm25 / maxBm25 : 0)
                + w.Cover * cover + w.Title * titleCover + w.Precision * titlePrecision + (topic ? w.Topic : 0) + (intentAgrees ? w.Intent : 0)
                + (cue ? w.Cue : 0) + (languageMatches ? w.Language : 0) + w.Popularity * popularity;
            ranked.Add(new RankedArticle(
                new KnowledgeMatch(c.Id, c.Title, c.Language, c.Body, Math.Round(score, 4), terms),
                c.Bm25, cover, titleCover, titlePrecision, topic, intentAgrees, cue, languageMatches, popularity, c.Helpful, c.Unhelpful));
        }
        return [.. ranked.OrderByDescending(r => r.Match.Score).ThenBy(r => r.Match.Id)];
    }

    private static string FirstSentence(string body) => KnowledgeExcerpt.Sentences(body).FirstOrDefault() ?? "";
}

/// <summary>How much each thing the ranker sees counts; bm25 is scaled to 1 for the best candidate.</summary>
internal sealed record RankerWeights(double Bm25, double Cover, double Title, double Precision, double Topic, double Intent, double Cue, double Language, double Popularity)
{
    /// <summary>Ratings nudge, never decide: at most ±0.1 against a total around 3 for a good match.</summary>
    public static readonly RankerWeights Default = new(Bm25: 0.5, Cover: 1.5, Title: 1.2, Precision: 0.6, Topic: 0.2, Intent: 0, Cue: 0.3, Language: 0.35, Popularity: 0.1);
}
