using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Assistant.Privacy;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>
/// One reply a suggestion may be built from: <see cref="Body"/> is cleaned of other customers' data and has no greeting;
/// <see cref="Text"/> greets the customer now asking. <see cref="Score"/> (0–1) is how well its source matches the question.
/// </summary>
public sealed record SuggestionCandidate(string Text, string Body, SuggestionSource Source, double Score);

/// <summary>
/// Everything a suggestion may draw on, and nothing else: published knowledge articles (public and internal: suggestions
/// are read by staff before anything is sent) and the team's replies in resolved customer conversations
/// (<see cref="ResolvedAnswers"/>). Both are cleaned by <see cref="CustomerDataScrubber"/> of every other customer they
/// name — the earlier conversation's customer and any contact the text mentions — or left out when that cannot be done.
/// Never team threads, private notes, AI threads or anything else of another conversation. The Local assistant offers
/// these candidates as they are; a remote model gets them as its only reference material.
/// </summary>
public sealed class SuggestionSources(
    KnowledgeRetriever knowledge, ResolvedAnswers answers, ContactMentions mentions, IDbContextFactory<ChatDbContext> dbFactory)
{
    private const int ArticleCandidates = 3;
    private const int AnswerCandidates = 6;

    /// <summary>An article must hold at least this share of the question's words to be offered.</summary>
    internal const double MinimumArticleCoverage = 0.5;

    /// <summary>The best distinct candidates for <paramref name="target"/>, best first; an article that covers the question leads.</summary>
    public async Task<IReadOnlyList<SuggestionCandidate>> FindAsync(ChatCaller caller, MessageView target, int max, CancellationToken ct)
    {
        long? contactId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            contactId = await db.Threads.Where(t => t.Id == target.ThreadId).Select(t => t.ContactId).FirstOrDefaultAsync(ct);
        var fromArticles = await ArticlesAsync(target, contactId, ct);
        var fromAnswers = await EarlierAnswersAsync(caller, target, contactId, ct);

        // Curated knowledge leads when it covers the question; then the rest by how well they match.
        var rest = new List<SuggestionCandidate>(fromAnswers);
        for (var i = 1; i < fromArticles.Count; i++)
            rest.Add(fromArticles[i]);
        List<SuggestionCandidate> ordered = [.. fromArticles.Take(1), .. rest.OrderByDescending(c => c.Score)];
        var chosen = new List<SuggestionCandidate>();
        foreach (var candidate in ordered)
        {
            if (!chosen.Exists(c => SuggestionPrompt.AlmostSame(c.Body, candidate.Body)))
                chosen.Add(candidate);
            if (chosen.Count == max)
                break;
        }
        return chosen;
    }

    private async Task<List<SuggestionCandidate>> ArticlesAsync(MessageView target, long? contactId, CancellationToken ct)
    {
        var language = target.Metadata?.Analysis?.Language is { Length: 2 } detected ? detected : null;
        var matches = await knowledge.RetrieveAsync(target.Content, language, ArticleCandidates, ct, KnowledgeAudience.Internal);
        var asked = SupportChatter.TopicWords(target.Content);
        var found = new List<SuggestionCandidate>();
        foreach (var match in matches)
        {
            var coverage = Coverage(asked, match.Title + " " + match.Body);
            if (coverage < MinimumArticleCoverage)
                continue;
            var excerpt = string.Join(' ', KnowledgeExcerpt.KeySentences(match.Body, match.Terms));
            // An internal article may name a customer ("as agreed with …"): it is cleaned like an earlier answer.
            var others = await mentions.InAsync(excerpt, contactId, ct);
            if (CustomerDataScrubber.Clean(excerpt, others) is not { } clean)
                continue;
            found.Add(new SuggestionCandidate(SuggestionPrompt.Greet(clean.Text, target.SenderName), clean.Text,
                new SuggestionSource(match.Title, $"/knowledge/{match.Id}", SuggestionSourceKind.Article), Math.Round(coverage, 3)));
        }
        return found;
    }

    private async Task<List<SuggestionCandidate>> EarlierAnswersAsync(ChatCaller caller, MessageView target, long? contactId, CancellationToken ct)
    {
        var found = new List<SuggestionCandidate>();
        foreach (var answer in await answers.FindAsync(caller, target.ThreadId, target.Content, AnswerCandidates, ct))
        {
            var others = new List<CustomerIdentity>();
            if (answer.ContactId != contactId)
            {
                others.AddRange(await ContactAsync(answer.ContactId, ct));
                others.AddRange(answer.CustomerNames.Select(CustomerIdentity.Named));
            }
            others.AddRange(await mentions.InAsync(answer.Answer, contactId, ct));
            if (CustomerDataScrubber.Clean(answer.Answer, others) is not { } clean)
                continue;
            found.Add(new SuggestionCandidate(SuggestionPrompt.Greet(clean.Text, target.SenderName), clean.Text,
                new SuggestionSource($"Earlier answer in “{answer.ThreadTitle}”", $"/threads/{answer.ThreadId}?message={answer.ReplyId}",
                    SuggestionSourceKind.EarlierAnswer), answer.Share));
        }
        return found;
    }

    private async Task<IReadOnlyList<CustomerIdentity>> ContactAsync(long contactId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().Include(c => c.User).FirstOrDefaultAsync(c => c.Id == contactId, ct);
        if (contact is null)
            return [];
        // The stand-in user carries the name and email the customer wrote under, which may differ from the contact's.
        return [CustomerIdentity.From(contact, contact.User?.DisplayName), new CustomerIdentity(contact.User?.DisplayName, contact.User?.Email, null, null, null, [])];
    }

    /// <summary>The share of the question's significant words the text holds (as prefixes: "refund" finds "refunded").</summary>
    internal static double Coverage(IReadOnlyList<string> asked, string text)
    {
        if (asked.Count == 0)
            return 0;
        var words = TextWords.Significant(text).ToHashSet();
        return (double)asked.Count(a => words.Contains(a) || words.Any(w => w.StartsWith(a, StringComparison.Ordinal))) / asked.Count;
    }
}
