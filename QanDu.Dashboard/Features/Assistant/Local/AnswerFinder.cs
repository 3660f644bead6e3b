using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Search;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>
/// Finds how staff answered similar questions before: each significant word of the question is searched (relevance
/// sort) in the threads the requester may see, matches are scored by the words they share weighted by rarity, and the
/// staff reply that followed the best matching message in each thread becomes a cited answer. It serves staff only (the
/// AI thread); private notes are never quoted, and reply suggestions use <c>SuggestionSources</c> instead.
/// </summary>
public sealed class AnswerFinder(SearchService search, IDbContextFactory<ChatDbContext> dbFactory)
{
    private const int MaxWords = 8;
    private const int HitsPerWord = 60;
    private const int MaxSources = 3;
    private const int ExcerptLength = 420;

    /// <summary>Below this share of the question's word weight a match is not presented as an answer.</summary>
    private const double MinimumShare = 0.3;

    public async Task<LocalAnswer> AnswerAsync(AssistantRequest request, string question, CancellationToken ct)
    {
        var (words, found) = await SearchAsync(request, question, ct);
        if (found.Count == 0 || found[0].Share < MinimumShare)
            return NothingFound(words);
        return Compose(found.Where(f => f.Share >= MinimumShare).Take(MaxSources).ToList());
    }

    /// <summary>
    /// The staff answers to questions like <paramref name="question"/>, best first, at most one per earlier thread, only
    /// from threads the requester may see and never from the current one; empty when nothing relevant enough is found.
    /// </summary>
    public async Task<IReadOnlyList<FoundAnswer>> FindAsync(AssistantRequest request, string question, int max, CancellationToken ct)
    {
        var (_, found) = await SearchAsync(request, question, ct);
        return found.Where(f => f.Share >= MinimumShare).Take(max).ToList();
    }

    private async Task<(List<string> Words, List<FoundAnswer> Found)> SearchAsync(AssistantRequest request, string question, CancellationToken ct)
    {
        var words = TextWords.Significant(question).Distinct().OrderByDescending(w => w.Length).Take(MaxWords).ToList();
        if (words.Count == 0)
            return (words, []);

        var weights = new Dictionary<string, double>();
        var scores = new Dictionary<long, (double Score, SearchHit Hit)>();
        foreach (var word in words)
        {
            SearchResults results;
            try
            {
                // Search enforces visibility: only threads the requester may see are searched.
                results = await search.SearchAsync(request.Requester, word, SearchSort.Relevance, SearchService.MaxLimit, ct: ct);
            }
            catch (ChatValidationException)
            {
                continue; // a word the search language cannot take on its own
            }
            var hits = results.Hits.Where(h => h.ThreadId != request.ThreadId).Take(HitsPerWord).ToList();
            if (hits.Count == 0)
                continue;
            var weight = Math.Log(1 + 100.0 / hits.Count); // rarer words say more
            weights[word] = weight;
            foreach (var hit in hits)
                scores[hit.MessageId] = (scores.GetValueOrDefault(hit.MessageId).Score + weight, hit);
        }
        var total = words.Sum(w => weights.GetValueOrDefault(w, Math.Log(1 + 100.0)));
        var candidates = scores.OrderByDescending(s => s.Value.Score).ThenByDescending(s => s.Key).Take(40)
            .Select(s => (s.Key, s.Value.Score / total, s.Value.Hit)).ToList();
        return (words, await RepliesAsync(candidates, ct));
    }

    /// <summary>For each candidate, the staff reply that answered it (or the candidate itself, when staff wrote it); best per thread.</summary>
    private async Task<List<FoundAnswer>> RepliesAsync(List<(long MessageId, double Share, SearchHit Hit)> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = (await db.UserRoles.Select(ur => ur.UserId).Distinct().ToListAsync(ct)).ToHashSet();
        var ids = candidates.Select(c => c.MessageId).ToList();
        var matched = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new { m.Id, m.ThreadId, m.SenderId, m.SenderType, m.IsPrivate, ThreadType = m.Thread!.Type })
            .ToDictionaryAsync(m => m.Id, ct);
        var found = new List<FoundAnswer>();
        foreach (var (messageId, share, hit) in candidates)
        {
            // A private note is the team's aside about one customer, never an answer to quote (not even to staff, out of its thread).
            if (!matched.TryGetValue(messageId, out var m) || m.ThreadType == ThreadType.Ai || m.SenderType != SenderType.User || m.IsPrivate)
                continue;
            if (found.Any(f => f.ThreadId == m.ThreadId))
                continue;
            Message? reply;
            var discount = 1.0;
            if (m.SenderId is { } sender && staff.Contains(sender))
            {
                reply = await db.Messages.AsNoTracking().FirstAsync(x => x.Id == m.Id, ct);
                discount = 0.85; // staff wrote the match itself: an answer, but not one to a matching question
            }
            else
            {
                reply = await db.Messages.AsNoTracking()
                    .Where(x => x.ThreadId == m.ThreadId && x.Id > m.Id && x.DeletedAt == null && x.SenderType == SenderType.User
                                && x.SenderId != m.SenderId && x.Content != "" && !x.IsPrivate)
                    .OrderBy(x => x.Id).Take(6).ToListAsync(ct) is var following
                    ? following.FirstOrDefault(x => x.SenderId is { } id && staff.Contains(id))
                    : null;
            }
            if (reply is null || reply.DeletedAt != null || reply.Content.Length == 0)
                continue;
            found.Add(new FoundAnswer(m.ThreadId, hit.ThreadTitle, reply.Id, reply.SenderName, reply.Content, share * discount));
        }
        return found.OrderByDescending(f => f.Share).ThenByDescending(f => f.ReplyId).ToList();
    }

    private static LocalAnswer Compose(List<FoundAnswer> found)
    {
        var best = found[0];
        var text = new StringBuilder();
        text.Append($"Based on how {best.AgentName} answered in *{Escape(best.ThreadTitle)}* ([open]({Link(best)})):\n\n");
        text.Append("> ").Append(Escape(Excerpt(best.Content))).Append("\n\n");
        if (found.Count > 1)
        {
            text.Append("Similar answers:\n\n");
            foreach (var other in found.Skip(1))
                text.Append($"- {other.AgentName} in *{Escape(other.ThreadTitle)}* ([open]({Link(other)})): {Escape(Excerpt(other.Content, 200))}\n");
        }
        var sources = found.Select(f => new AiSource(f.ThreadTitle, Link(f))).ToList();
        return new LocalAnswer(text.ToString().TrimEnd(), Math.Round(Math.Min(1, best.Share), 2), sources);
    }

    private static LocalAnswer NothingFound(IReadOnlyList<string> words)
    {
        var searched = words.Count == 0 ? "" : $" (I searched for: {string.Join(", ", words)})";
        return new LocalAnswer(
            $"I found no earlier conversation you can see where someone answered a question like this{searched}. "
            + "Try the words the customer would use — a product, an error message or an order number — or ask me to summarize this conversation. "
            + "You can also search every conversation with the search box (Ctrl+K).",
            0, []);
    }

    private static string Link(FoundAnswer found) => $"/threads/{found.ThreadId}?message={found.ReplyId}";

    private static string Excerpt(string markdown, int length = ExcerptLength)
    {
        var plain = Markdig.Markdown.ToPlainText(markdown);
        var flat = string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..(length - 1)].TrimEnd() + "…";
    }

    // Titles and quotes are shown as text inside our Markdown: characters that would start formatting are escaped.
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '|' or '\\' or '(' or ')')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

}

/// <summary>How a staff member answered in an earlier thread, and how well it matched the question (share of its word weight).</summary>
public sealed record FoundAnswer(long ThreadId, string ThreadTitle, long ReplyId, string AgentName, string Content, double Share);
