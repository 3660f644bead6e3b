using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>
/// An agent's reply in a resolved customer conversation, the customer question it answered, how well that question
/// matches the one asked now (<see cref="Share"/>, 0–1), and the conversation's customer (whose details must not travel).
/// </summary>
public sealed record ResolvedAnswer(long ThreadId, string ThreadTitle, long ReplyId, string Question, string Answer, double Share,
    long ContactId, IReadOnlyList<string> CustomerNames);

/// <summary>
/// How the team answered a question like this before — and only where that is allowed to be reused: resolved customer
/// conversations (Archived, with a contact) the agent may see, never team threads, AI threads, private notes or the
/// current conversation. Matches come from the message search index (each significant word, as a prefix, OR-combined);
/// a pair is scored by the share of the question's words its customer message holds (words only in the reply count less).
/// </summary>
public sealed class ResolvedAnswers(IDbContextFactory<ChatDbContext> dbFactory)
{
    private const int MaxTerms = 10;
    private const int MaxHits = 80;
    private const int MaxThreads = 12;

    /// <summary>Below this share a pair is not offered.</summary>
    internal const double MinimumShare = 0.5;

    /// <summary>A word found only in the reply counts this much of a word in the customer's question.</summary>
    private const double AnswerOnlyWeight = 0.4;

    public async Task<IReadOnlyList<ResolvedAnswer>> FindAsync(ChatCaller caller, long currentThreadId, string question, int max, CancellationToken ct)
    {
        var terms = SupportChatter.TopicWords(question).OrderByDescending(w => w.Length).Take(MaxTerms).ToList();
        if (terms.Count == 0)
            return [];
        // Each term is a quoted FTS5 string with double quotes doubled, then a prefix star; the whole is a parameter.
        var match = string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"") + "\" *"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var allowed = db.Messages.Where(m => m.DeletedAt == null && !m.IsPrivate && m.SenderType == SenderType.User && m.ThreadId != currentThreadId
                                             && m.Thread!.ContactId != null && m.Thread.Status == ThreadStatus.Archived && m.Thread.Type != ThreadType.Ai);
        var hits = await db.Database
            .SqlQueryRaw<SearchRow>("SELECT rowid AS Id, bm25(MessageSearchWords) AS Rank FROM MessageSearchWords WHERE MessageSearchWords MATCH {0}", match)
            .Join(allowed, h => h.Id, m => m.Id, (h, m) => new { m.Id, m.ThreadId, h.Rank })
            .Where(h => db.Threads.Visible(caller).Any(t => t.Id == h.ThreadId))
            .OrderBy(h => h.Rank).Take(MaxHits).ToListAsync(ct);
        var threadIds = hits.Select(h => h.ThreadId).Distinct().Take(MaxThreads).ToList();
        if (threadIds.Count == 0)
            return [];

        var threads = await db.Threads.AsNoTracking().Where(t => threadIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, ContactId = t.ContactId!.Value }).ToDictionaryAsync(t => t.Id, ct);
        var lines = (await db.Messages.AsNoTracking()
                .Where(m => threadIds.Contains(m.ThreadId) && m.DeletedAt == null && !m.IsPrivate && m.SenderType == SenderType.User && m.Content != "")
                .OrderBy(m => m.Id).Select(m => new Line(m.Id, m.ThreadId, m.SenderId, m.SenderName, m.Content)).ToListAsync(ct))
            .GroupBy(l => l.ThreadId).ToDictionary(g => g.Key, g => g.ToList());
        var senders = lines.Values.SelectMany(l => l).Select(l => l.SenderId).OfType<string>().Distinct().ToList();
        var staff = (await db.UserRoles.Where(ur => senders.Contains(ur.UserId)).Select(ur => ur.UserId).Distinct().ToListAsync(ct)).ToHashSet();

        var found = new List<ResolvedAnswer>();
        foreach (var threadId in threadIds)
        {
            if (!lines.TryGetValue(threadId, out var thread) || !threads.TryGetValue(threadId, out var info))
                continue;
            var customers = thread.Where(l => !IsStaff(l)).Select(l => l.SenderName).Distinct().ToList();
            var best = Pairs(thread, IsStaff)
                .Select(p => (p.Question, p.Answer, Share: Share(terms, p.Question.Content, p.Answer.Content)))
                .OrderByDescending(p => p.Share).ThenBy(p => p.Answer.Id).FirstOrDefault();
            if (best.Answer is null || best.Share < MinimumShare)
                continue;
            found.Add(new ResolvedAnswer(threadId, info.Title ?? "Conversation", best.Answer.Id, best.Question.Content, best.Answer.Content,
                Math.Round(best.Share, 3), info.ContactId, customers));
        }
        return [.. found.OrderByDescending(f => f.Share).ThenByDescending(f => f.ReplyId).Take(max)];

        bool IsStaff(Line line) => line.SenderId is { } id && staff.Contains(id);
    }

    /// <summary>Each customer message with the staff replies that follow it before the customer writes again.</summary>
    private static IEnumerable<(Line Question, Line Answer)> Pairs(List<Line> thread, Func<Line, bool> isStaff)
    {
        for (var i = 0; i < thread.Count; i++)
        {
            if (isStaff(thread[i]))
                continue;
            for (var j = i + 1; j < thread.Count && j <= i + 4 && isStaff(thread[j]); j++)
                yield return (thread[i], thread[j]);
        }
    }

    internal static double Share(IReadOnlyList<string> terms, string question, string answer)
    {
        if (terms.Count == 0)
            return 0;
        var asked = TextWords.Significant(question).ToHashSet();
        var answered = TextWords.Significant(answer).ToHashSet();
        var score = terms.Sum(t => Holds(asked, t) ? 1.0 : Holds(answered, t) ? AnswerOnlyWeight : 0);
        return score / terms.Count;
    }

    // The index matches prefixes, so "refund" also finds "refunded": the same here.
    private static bool Holds(HashSet<string> words, string term) => words.Contains(term) || words.Any(w => w.StartsWith(term, StringComparison.Ordinal));

    private sealed record Line(long Id, long ThreadId, string? SenderId, string SenderName, string Content);

    private sealed class SearchRow
    {
        public long Id { get; set; }
        public double Rank { get; set; }
    }
}
