using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>What the audit log keeps of an article's change: the fields that changed, the body as a short excerpt.</summary>
internal static class KnowledgeAudit
{
    public sealed record State(string Title, string Language, string? Tags, KnowledgeStatus Status, KnowledgeAudience Audience, string Body);

    public static State Snapshot(KnowledgeArticle article) => new(article.Title, article.Language, article.Tags, article.Status, article.Audience, article.Body);

    /// <summary>The first 200 characters on one line: enough to recognise the text, not a second copy of the knowledge base.</summary>
    public static string Excerpt(string body) => MarkdownText.Shorten(MarkdownText.OneLine(body), 200);

    public static (Dictionary<string, object?> Before, Dictionary<string, object?> After)? Changes(State before, State after)
    {
        var old = new Dictionary<string, object?>();
        var @new = new Dictionary<string, object?>();
        void Compare(string field, object? a, object? b)
        {
            if (!Equals(a, b))
                (old[field], @new[field]) = (a, b);
        }
        Compare("title", before.Title, after.Title);
        Compare("language", before.Language, after.Language);
        Compare("tags", before.Tags, after.Tags);
        Compare("status", before.Status.ToString(), after.Status.ToString());
        Compare("audience", before.Audience.ToString(), after.Audience.ToString());
        if (before.Body != after.Body)
            (old["body"], @new["body"]) = (Excerpt(before.Body), Excerpt(after.Body));
        return @new.Count == 0 ? null : (old, @new);
    }
}
