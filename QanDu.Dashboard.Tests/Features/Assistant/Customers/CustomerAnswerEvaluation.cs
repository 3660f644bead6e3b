using System.Globalization;
using System.Text;
using QanDu.Dashboard.Features.Assistant.Customers;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>One question answered: was the first citation the labelled article, did the text hold the answering sentence.</summary>
/// <see cref="Equivalent"/>: the first citation is the labelled article or one the question accepts as answering it as well.
internal sealed record EvaluatedAnswer(LabelledQuestion Question, CustomerAnswer Answer, AnswerFeatures? Features, bool RightArticle, bool RightSentence, bool Equivalent);

/// <summary>
/// Figures over a set of answered questions, at a hand-off threshold. First-citation accuracy: the first citation is the
/// labelled article. Calibration (accuracy above and below the threshold) counts an answer right when its first citation
/// answers the question (the labelled article or an equivalent the label accepts); a question nothing answers is never
/// right, so above the threshold it counts as a wrong answer.
/// </summary>
internal sealed record EvaluationFigures(IReadOnlyList<EvaluatedAnswer> Answers, double Threshold)
{
    public IReadOnlyList<EvaluatedAnswer> Answerable => [.. Answers.Where(a => a.Question.Article is not null)];

    public IReadOnlyList<EvaluatedAnswer> Above => [.. Answers.Where(a => a.Answer.Confidence >= Threshold)];

    public IReadOnlyList<EvaluatedAnswer> Below => [.. Answers.Where(a => a.Answer.Confidence < Threshold)];

    public double FirstCitation => Share(Answerable, a => a.RightArticle);

    public double AnswerSentence => Share(Answerable, a => a.RightSentence);

    public double FirstCitationOrEquivalent => Share(Answerable, a => a.Equivalent);

    public double AccuracyAbove => Share(Above, a => a.Equivalent);

    public double AccuracyBelow => Share(Below, a => a.Equivalent);

    public double HandOffRate => Share(Answers, a => a.Answer.Confidence < Threshold);

    public int UnanswerableBelow => Answers.Count(a => a.Question.Article is null && a.Answer.Confidence < Threshold);

    public int Unanswerable => Answers.Count(a => a.Question.Article is null);

    public double MeanConfidence(Func<EvaluatedAnswer, bool> which) => Answers.Where(which).Select(a => a.Answer.Confidence).DefaultIfEmpty().Average();

    public string Report(string label)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{label}: {Answers.Count} questions ({Answerable.Count} answerable, {Unanswerable} with no answer), threshold {Threshold:0.00}");
        text.AppendLine(c, $"  first-citation accuracy   {Percent(FirstCitation)} ({Answerable.Count(a => a.RightArticle)}/{Answerable.Count})");
        if (Answerable.Any(a => a.Equivalent != a.RightArticle))
            text.AppendLine(c, $"  first citation, equivalent demo article accepted {Percent(FirstCitationOrEquivalent)} ({Answerable.Count(a => a.Equivalent)}/{Answerable.Count})");
        text.AppendLine(c, $"  answer-sentence accuracy  {Percent(AnswerSentence)} ({Answerable.Count(a => a.RightSentence)}/{Answerable.Count})");
        text.AppendLine(c, $"  above threshold           {Above.Count} answers, {Percent(AccuracyAbove)} right");
        text.AppendLine(c, $"  below threshold           {Below.Count} answers, {Percent(AccuracyBelow)} right");
        text.AppendLine(c, $"  hand-off rate             {Percent(HandOffRate)} (no-answer questions handed off: {UnanswerableBelow}/{Unanswerable})");
        text.Append(c, $"  median confidence         right {Median(Answers.Where(a => a.Equivalent)):0.00}, wrong {Median(Answers.Where(a => !a.Equivalent && a.Question.Article is not null)):0.00}, no answer {Median(Answers.Where(a => a.Question.Article is null)):0.00}");
        return text.ToString();
    }

    public IEnumerable<string> Misses() => Answers
        .Where(a => !a.RightArticle && a.Question.Article is not null || !a.RightSentence && a.Question.Article is not null || a.Question.Article is null && a.Answer.Confidence >= Threshold)
        .Select(a => $"MISS {a.Question.Question} [{a.Question.Article ?? "none"}] conf {a.Answer.Confidence:0.00} article={a.RightArticle} sentence={a.RightSentence}\n     {a.Answer.Text.Replace("\n", " / ")}\n     {a.Features}");

    private static double Share(IReadOnlyCollection<EvaluatedAnswer> answers, Func<EvaluatedAnswer, bool> right) =>
        answers.Count == 0 ? 0 : (double)answers.Count(right) / answers.Count;

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static double Median(IEnumerable<EvaluatedAnswer> answers)
    {
        var values = answers.Select(a => a.Answer.Confidence).Order().ToList();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }
}

internal static class CustomerAnswerEvaluation
{
    public static async Task<EvaluationFigures> RunAsync(
        CustomerAnswerer answerer, IReadOnlyDictionary<string, long> ids, IEnumerable<LabelledQuestion> questions, double threshold,
        IReadOnlyDictionary<string, long>? demoIds = null)
    {
        var results = new List<EvaluatedAnswer>();
        foreach (var question in questions)
        {
            // The conversation's language is what the analysis detects in the customer's message; the answerer does the same when given none.
            var (answer, features) = await answerer.ExplainAsync(question.Question, null, CancellationToken.None);
            var rightArticle = question.Article is not null && answer.ArticleIds.FirstOrDefault() == ids[question.Article];
            var rightSentence = rightArticle && Plain(answer.Text).Contains(Plain(question.Answer!), StringComparison.Ordinal);
            var equivalent = rightArticle || (question.Accept ?? []).Any(t => demoIds?.GetValueOrDefault(t) is { } id && id == answer.ArticleIds.FirstOrDefault());
            results.Add(new EvaluatedAnswer(question, answer, features, rightArticle, rightSentence, equivalent));
        }
        return new EvaluationFigures(results, threshold);
    }

    /// <summary>The answer as a reader sees it: Markdown escapes removed, whitespace collapsed.</summary>
    private static string Plain(string markdown) =>
        string.Join(' ', markdown.Replace("\\", "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
