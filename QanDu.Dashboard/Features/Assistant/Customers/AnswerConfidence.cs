using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.Assistant.Customers;

/// <summary>
/// What the confidence of an answer is computed from: <see cref="Score"/> the ranker's score of the article it leads
/// with, <see cref="Margin"/> how far it is ahead of the next one (share of its score), <see cref="Cover"/> the share
/// of the question's words found in it, <see cref="TitleCover"/> in its title, <see cref="Topic"/> the question and the
/// title name the same topic, <see cref="TitlePrecision"/> the share of the title the question asked about,
/// <see cref="LeadShare"/> how much of the question the leading sentence covers.
/// </summary>
internal sealed record AnswerFeatures(double Score, double Margin, double Cover, double TitleCover, double TitlePrecision, bool Topic, bool IntentAgrees, double LeadShare)
{
    public double[] Vector => [Score, Margin, Cover, TitleCover, TitlePrecision, Topic ? 1 : 0, IntentAgrees ? 1 : 0, LeadShare];

    public static AnswerFeatures Of(IReadOnlyList<RankedArticle> ranked, AnswerPassage passage)
    {
        var top = ranked[0];
        var second = ranked.Count > 1 ? ranked[1].Match.Score : 0;
        var margin = top.Match.Score <= 0 ? 0 : Math.Clamp((top.Match.Score - second) / top.Match.Score, 0, 1);
        return new AnswerFeatures(top.Match.Score, margin, top.Cover, top.TitleCover, top.TitlePrecision, top.Topic, top.IntentAgrees, passage.LeadShare);
    }
}

/// <summary>
/// A calibrated confidence: a logistic function of the answer's features, fitted on the tuning half of the labelled
/// customer questions (QanDu.Dashboard.Tests/Features/Assistant/Customers/Data) so that the number reads as the
/// chance the answer cites an article that answers the question. Refit with <c>AnswerConfidenceTests</c> when the ranker changes.
/// </summary>
internal static class AnswerConfidence
{
    internal static readonly double Intercept = -1.87;

    /// <summary>In the order of <see cref="AnswerFeatures.Vector"/>.</summary>
    // Fitted by AnswerConfidenceTests on 128 tuning answers (help center alone and beside the demo articles). TitleCover
    // comes out negative because Score already holds it: at a given score, a title match adds no certainty.
    internal static readonly double[] Weights = [0.51, 5.39, 1.81, -3.63, 0.85, 0.42, 0.63, 0.57];

    public static double Of(AnswerFeatures features)
    {
        var z = Intercept;
        var x = features.Vector;
        for (var i = 0; i < x.Length; i++)
            z += Weights[i] * x[i];
        return Math.Round(1 / (1 + Math.Exp(-z)), 3);
    }
}
