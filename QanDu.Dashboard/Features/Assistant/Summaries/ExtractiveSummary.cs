using System.Text;
using System.Text.RegularExpressions;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// The offline summary: sentences quoted as written, sorted into the four parts by what they say (<see cref="SummaryCues"/>).
/// The problem is the asker's opening request; done is what the team and the assistant did (refunds and credits rank
/// first); the outcome follows from the status and the asker's last word; open holds promises nobody followed up and
/// questions nobody answered. Only the fixed words come from <see cref="SummaryLabels"/>; nothing is made up.
/// </summary>
public static partial class ExtractiveSummary
{
    private const int MaxDone = 5;
    private const int MaxOpen = 4;
    private const int MaxSentence = 240;

    private sealed record Sentence(int Line, int Order, SummaryRole Role, string Sender, string Text)
    {
        public bool IsAsker => Role == SummaryRole.Asker;

        public string Attributed => $"{Sender}: {Text}";
    }

    public static ConversationSummary Build(Transcript transcript)
    {
        var labels = SummaryLabels.For(transcript.Language);
        var sentences = Split(transcript.Lines);
        var names = transcript.Lines.SelectMany(l => SummaryCues.Words(l.Sender)).ToHashSet(StringComparer.Ordinal);
        var problem = Problem(sentences, names);
        var done = Done(transcript, sentences, problem);
        var open = Open(transcript, sentences, labels);
        var outcome = Outcome(transcript, sentences, labels, names);
        var problemText = string.Join(" ", problem.Select(s => s.Text));
        return new ConversationSummary(problemText, string.Join("\n", done), outcome, string.Join("\n", open),
            Markdown(labels, problemText, done, outcome, open));
    }

    /// <summary>The asker's opening turn (before anyone answered): its request and problem sentences, at most two.</summary>
    private static List<Sentence> Problem(List<Sentence> sentences, HashSet<string> names)
    {
        var firstReply = sentences.FirstOrDefault(s => !s.IsAsker)?.Line ?? int.MaxValue;
        var opening = sentences.Where(s => s.IsAsker && s.Line < firstReply && !SummaryCues.IsPleasantry(s.Text, names)).ToList();
        if (opening.Count == 0)
            opening = [.. sentences.Where(s => s.IsAsker && !SummaryCues.IsPleasantry(s.Text, names))];
        return [.. opening
            .Select((s, i) => (Sentence: s, Score: SummaryCues.ProblemScore(s.Text) + (i == 0 ? 1 : 0)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Sentence.Order).Take(2)
            .Select(x => x.Sentence).OrderBy(s => s.Order)];
    }

    /// <summary>
    /// What was done: sentences that report an action as done or under way. In a customer conversation the team's and the
    /// assistant's; in a staff thread anyone's but the opening request.
    /// </summary>
    private static List<string> Done(Transcript transcript, List<Sentence> sentences, List<Sentence> problem) =>
    [
        .. sentences
            .Where(s => !problem.Contains(s) && (!transcript.IsCustomerConversation || !s.IsAsker))
            .Select(s => (Sentence: s, Score: SummaryCues.DoneScore(s.Text)))
            .Where(x => x.Score > 0)
            .DistinctBy(x => x.Sentence.Text)
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Sentence.Order).Take(MaxDone)
            .OrderBy(x => x.Sentence.Order)
            .Select(x => x.Sentence.Attributed),
    ];

    /// <summary>Promises not followed up, and the asker's questions after the last answer.</summary>
    private static List<string> Open(Transcript transcript, List<Sentence> sentences, SummaryLabels labels)
    {
        var open = new List<string>();
        var lastAnswer = sentences.LastOrDefault(s => !s.IsAsker);
        foreach (var promise in sentences.Where(s => !s.IsAsker && SummaryCues.IsPromise(s.Text)))
        {
            var later = sentences.Where(s => !s.IsAsker && s.Line > promise.Line).ToList();
            var followedUp = later.Count > 0 && (!SummaryCues.IsLongPromise(promise.Text) || SummaryCues.SharesTopic(promise.Text, later.Select(s => s.Text)));
            // A resolved conversation keeps only promises for later ("I'll email you tomorrow"), not "let me check".
            if (!followedUp && (!transcript.IsResolved || SummaryCues.IsLongPromise(promise.Text)))
                open.Add(promise.Attributed);
        }
        var unanswered = sentences.Where(s => s.IsAsker && s.Order > (lastAnswer?.Order ?? -1) && s.Text.Contains('?')).ToList();
        open.AddRange(unanswered.Select(s => labels.UnansweredPrefix + s.Attributed));
        var last = sentences.LastOrDefault();
        if (unanswered.Count == 0 && !transcript.IsResolved && transcript.IsCustomerConversation && last is { IsAsker: true }
            && !SummaryCues.IsConfirmation(last.Text))
            open.Add(string.Format(labels.AwaitingReply, last.Sender));
        return [.. open.Distinct().Take(MaxOpen)];
    }

    /// <summary>Resolved or not (the status says), and how: the asker's confirmation in their last turn, quoted.</summary>
    private static string Outcome(Transcript transcript, List<Sentence> sentences, SummaryLabels labels, HashSet<string> names)
    {
        var lastAskerLine = sentences.LastOrDefault(s => s.IsAsker)?.Line;
        var firstAnswer = sentences.FirstOrDefault(s => !s.IsAsker)?.Order ?? int.MaxValue;
        var lastTurn = sentences.Where(s => s.IsAsker && s.Line == lastAskerLine && s.Order > firstAnswer).ToList();
        // "Great. And can the old invoices be re-sent?" asks on: not a confirmation.
        var confirmations = lastTurn.Any(s => s.Text.Contains('?')) ? [] : lastTurn.Where(s => SummaryCues.IsConfirmation(s.Text)).ToList();
        var quote = confirmations.Where(s => !SummaryCues.IsPleasantry(s.Text, names))
            .OrderByDescending(s => SummaryCues.Weight(s.Text)).ThenBy(s => s.Order).FirstOrDefault();
        var status = transcript.Status switch
        {
            ThreadStatus.Archived => transcript.IsCustomerConversation ? labels.Resolved : labels.Archived,
            ThreadStatus.Snoozed => labels.Snoozed,
            ThreadStatus.Pending => labels.Pending,
            _ when confirmations.Count > 0 => string.Format(quote is null ? labels.Thanked : labels.Settled, confirmations[0].Sender),
            _ => transcript.IsCustomerConversation ? labels.NotResolved : labels.Ongoing,
        };
        return quote is null ? status : $"{status} {quote.Attributed}";
    }

    private static string Markdown(SummaryLabels labels, string problem, List<string> done, string outcome, List<string> open)
    {
        var text = new StringBuilder();
        text.Append($"**{labels.Problem}:** {Escape(problem.Length > 0 ? problem : labels.NoProblem)}\n\n");
        AppendList(text, labels.Done, done, labels.NothingDone);
        text.Append($"**{labels.Outcome}:** {Escape(outcome)}\n\n");
        AppendList(text, labels.Open, open, labels.NothingOpen);
        return text.ToString().TrimEnd();
    }

    private static void AppendList(StringBuilder text, string label, List<string> items, string none)
    {
        if (items.Count == 0)
        {
            text.Append($"**{label}:** {none}\n\n");
            return;
        }
        text.Append($"**{label}:**\n");
        foreach (var item in items)
            text.Append("- ").Append(Escape(item)).Append('\n');
        text.Append('\n');
    }

    /// <summary>Quoted text stays text when the Markdown is rendered (a stray * or [ would otherwise format it).</summary>
    private static string Escape(string text) => MarkdownSpecial().Replace(text, @"\$0");

    /// <summary>Each line's sentences as plain text, in order, with the line they came from.</summary>
    private static List<Sentence> Split(IReadOnlyList<SummaryLine> lines)
    {
        var sentences = new List<Sentence>();
        for (var i = 0; i < lines.Count; i++)
        {
            var plain = Markdig.Markdown.ToPlainText(lines[i].Text);
            foreach (var part in SentenceBreak().Split(plain))
            {
                var flat = string.Join(' ', part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim('-', '|', ' ');
                if (flat.Length < 6 || !flat.Any(char.IsLetter))
                    continue;
                var text = flat.Length <= MaxSentence ? flat : flat[..(MaxSentence - 1)].TrimEnd() + "…";
                sentences.Add(new Sentence(i, sentences.Count, lines[i].Role, lines[i].Sender, text));
            }
        }
        return sentences;
    }

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}\p{N}""“(])|\n+|(?<=[.!?])\s*—\s+")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"[\\*_`\[\]]")]
    private static partial Regex MarkdownSpecial();
}
