using System.Text.RegularExpressions;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// The part of an article that answers a question: <see cref="Lead"/> the sentence that answers it most directly,
/// <see cref="Support"/> a second one when it adds to it, <see cref="Steps"/> the article's numbered steps unless the
/// question asks for a time, an amount, a reason or a place (and no step gives it). <see cref="LeadShare"/>: how much of the question the lead covers.
/// </summary>
internal sealed partial record AnswerPassage(string Lead, string? Support, IReadOnlyList<string> Steps, double LeadShare)
{
    /// <summary>A second sentence joins the lead only when it answers nearly as well.</summary>
    private const double SupportRatio = 0.5;

    /// <summary>A sentence holding what the question type asks for (a duration for "how long") gains this much.</summary>
    private const double CueBonus = 0.3;

    public static AnswerPassage Find(string question, IReadOnlyList<string> terms, string body)
    {
        var (sentences, steps) = Split(body);
        var direct = KnowledgeText.DirectWords(question);
        var synonyms = terms.Where(t => !KnowledgeText.ContainsWord(direct, t)).ToList();
        var kind = QuestionCues.Kind(question);
        var all = sentences.Select(s => (Text: s, IsStep: false)).Concat(steps.Select(s => (Text: s, IsStep: true))).ToList();
        var words = all.Select(s => KnowledgeText.Words(s.Text)).ToList();
        // Rarity within the article: the word that sets one sentence apart ("shipping" in a refund article) counts most.
        double Weight(string w) => Math.Log(1 + (double)all.Count / (1 + words.Count(ws => KnowledgeText.ContainsWord(ws, w))));
        var total = direct.Sum(Weight) + 0.5 * synonyms.Sum(Weight);
        var scored = all.Select((s, i) =>
        {
            var share = total <= 0 ? 0 : (direct.Where(w => KnowledgeText.ContainsWord(words[i], w)).Sum(Weight)
                + 0.5 * synonyms.Where(w => KnowledgeText.ContainsWord(words[i], w)).Sum(Weight)) / total;
            var score = share + (QuestionCues.Answers(kind, s.Text, s.IsStep) ? CueBonus : 0) - 0.01 * i;
            return (s.Text, s.IsStep, Share: share, Score: score);
        }).ToList();
        if (scored.Count == 0)
            return new AnswerPassage("", null, [], 0);

        var prose = scored.Where(s => !s.IsStep).OrderByDescending(s => s.Score).ToList();
        var best = scored.MaxBy(s => s.Score);
        var lead = prose.Count > 0 ? prose[0] : best;
        // Steps follow unless the question asks for a time, an amount, a reason or a place that the steps do not give.
        var withSteps = steps.Count > 0 && (best.IsStep || kind is not (QuestionKind.Time or QuestionKind.Cost or QuestionKind.Reason or QuestionKind.Place));
        var support = prose.Skip(1).FirstOrDefault(s => s.Share > 0 && s.Score >= SupportRatio * lead.Score);
        return new AnswerPassage(lead.Text, support.Text, withSteps ? steps : [], Math.Max(lead.Share, withSteps ? best.Share : 0));
    }

    /// <summary>The article's prose sentences and its numbered steps (markup removed), each in order.</summary>
    private static (List<string> Sentences, List<string> Steps) Split(string body)
    {
        var sentences = new List<string>();
        var steps = new List<string>();
        foreach (var line in body.Split('\n'))
        {
            if (StepLine().IsMatch(line))
            {
                if (string.Join(" ", KnowledgeExcerpt.Sentences(StepLine().Replace(line, ""))) is { Length: > 0 } step)
                    steps.Add(step);
            }
            else
                sentences.AddRange(KnowledgeExcerpt.Sentences(line));
        }
        return (sentences, steps);
    }

    [GeneratedRegex(@"^\s*\d+[.)]\s+")]
    private static partial Regex StepLine();
}
