using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Assistant.Summaries;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>
/// The Local assistant's summaries. Asked in a thread, it gives the four-part summary of that thread as the requester sees
/// it (<see cref="ExtractiveSummary"/>: problem, done, outcome, open). <see cref="Summarize"/> is the plain extractive
/// digest the context builder uses for older messages: sentences scored by TF-IDF-like word weight (words frequent in
/// this thread but concentrated in few sentences weigh most), the top few kept in the order they were written.
/// </summary>
public sealed partial class ThreadSummarizer(TranscriptReader reader)
{
    public async Task<LocalAnswer> SummarizeAsync(AssistantRequest? request, IEnumerable<ChatMessage> given, CancellationToken ct)
    {
        if (request is not null)
        {
            // Read through the service as the requester (their visibility); requests for a summary are left out, a message
            // that only mentions one is not (TextWords.AsksForSummary).
            var transcript = await reader.ReadAsync(request.Requester, request.ThreadId, ct);
            return new LocalAnswer(transcript.Lines.Count == 0 ? Nothing : ExtractiveSummary.Build(transcript).Markdown, null, []);
        }
        var lines = given.Where(m => m.Role == ChatRole.User).Select(m => (Sender: "", Text: m.Text ?? "")).SkipLast(1).ToList();
        return new LocalAnswer(Summarize(lines) ?? Nothing, null, []);
    }

    private const string Nothing = "There is nothing to summarize in this conversation yet.";

    /// <summary>The summary of <paramref name="lines"/> (sender, Markdown text), or null when they hold no sentence worth keeping.</summary>
    public static string? Summarize(IReadOnlyList<(string Sender, string Text)> lines)
    {
        var sentences = lines.SelectMany((line, index) => Sentences(line.Text).Select(s => new Sentence(index, line.Sender, s))).ToList();
        if (sentences.Count == 0)
            return null;

        var keep = Math.Clamp((int)Math.Ceiling(sentences.Count / 3.0), 1, 5);
        var top = Score(sentences).OrderByDescending(s => s.Score).Take(keep).Select(s => s.Sentence)
            .OrderBy(sentences.IndexOf).ToList();
        var text = new StringBuilder($"Summary of this conversation ({lines.Count} messages; the {top.Count} sentences that carry the most content):\n\n");
        foreach (var sentence in top)
            text.Append("- ").Append(sentence.Sender.Length > 0 ? $"**{sentence.Sender}**: " : "").Append(sentence.Text).Append('\n');
        return text.ToString().TrimEnd();
    }

    private static IEnumerable<(Sentence Sentence, double Score)> Score(List<Sentence> sentences)
    {
        var words = sentences.Select(s => TextWords.Significant(s.Text).ToList()).ToList();
        var termFrequency = words.SelectMany(w => w).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var sentenceFrequency = words.SelectMany(w => w.Distinct()).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var n = sentences.Count;
        for (var i = 0; i < n; i++)
        {
            var distinct = words[i].Distinct().ToList();
            if (distinct.Count == 0)
            {
                yield return (sentences[i], 0);
                continue;
            }
            var weight = distinct.Sum(w => Math.Log(1 + termFrequency[w]) * Math.Log(1 + (double)n / sentenceFrequency[w]));
            yield return (sentences[i], weight / Math.Sqrt(distinct.Count + 2)); // content per word, without punishing length too much
        }
    }

    private static IEnumerable<string> Sentences(string markdown)
    {
        var plain = Markdig.Markdown.ToPlainText(markdown);
        foreach (var part in SentenceBreak().Split(plain))
        {
            var flat = string.Join(' ', part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (flat.Length >= 12)
                yield return flat.Length <= 300 ? flat : flat[..299] + "…";
        }
    }

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();

    private sealed record Sentence(int Message, string Sender, string Text);
}
