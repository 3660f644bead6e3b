using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// An assistant's answer as one reader may see it. An answer can quote other conversations (how an agent answered in
/// thread 9, with a link and the quote), and whoever reads it later — someone else in the AI thread, or the asker after
/// losing access to thread 9 — may not see those. For such a reader the citations of what they cannot see are left out
/// with their quotes, and so are those sources and their titles in the metadata; when a source the reader cannot see is
/// not cited where it can be cut out (a remote model wrote the text from it), the answer's text is withheld. Previews
/// (the inbox line, a reply's quote) are the same for every reader, so they never show an answer's citations.
/// </summary>
public static class AnswerCitations
{
    /// <summary>What the inbox and a reply's quote show of an answer that was nothing but citations.</summary>
    public const string CitationsOnlyPreview = "An answer quoting earlier conversations";

    /// <summary>The conversations an answer cites in its text or names as its sources; none for anything else.</summary>
    public static IReadOnlySet<long> CitedThreads(MessageView view)
    {
        if (view.SenderType != SenderType.Ai || view.Deleted)
            return new HashSet<long>();
        var ai = view.Metadata?.Ai;
        var sources = (ai?.Sources ?? []).Concat(ai?.ContextUsed?.Sources ?? []);
        return ThreadCitations.Cited(view.Content).Concat(sources.Select(s => ThreadCitations.ThreadOf(s.Url)).OfType<long>()).ToHashSet();
    }

    /// <summary>
    /// <paramref name="view"/> for a reader who sees, of the conversations it cites, only <paramref name="visible"/>;
    /// the same view when they see them all.
    /// </summary>
    public static MessageView For(MessageView view, IReadOnlySet<long> visible)
    {
        var hidden = CitedThreads(view).Where(id => !visible.Contains(id)).ToHashSet();
        if (hidden.Count == 0)
            return view;
        var conversations = hidden.Count == 1 ? "a conversation" : $"{hidden.Count} conversations";
        var citedInText = ThreadCitations.Cited(view.Content).ToHashSet();
        string content;
        if (!hidden.IsSubsetOf(citedInText))
            content = $"*This answer drew on {conversations} you cannot see, so it is not shown.*";
        else if (ThreadCitations.Without(view.Content, id => !hidden.Contains(id)) is { Length: > 0 } rest)
            content = $"{rest}\n\n*Quotes from {conversations} you cannot see are left out.*";
        else
            content = $"*This answer only quoted {conversations} you cannot see.*";
        return view with { Content = content, Metadata = view.Metadata is { Ai: { } ai } metadata ? metadata with { Ai = Without(ai, hidden) } : view.Metadata };
    }

    /// <summary>
    /// The text previews take of a message: for an answer, without any citation (a preview is the same for every reader,
    /// so it shows no one a quote); other messages as they are.
    /// </summary>
    public static string PreviewText(SenderType sender, string content)
    {
        if (sender != SenderType.Ai || !ThreadCitations.MayCite(content))
            return content;
        var rest = ThreadCitations.Without(content, _ => false);
        return string.IsNullOrWhiteSpace(rest) ? CitationsOnlyPreview : rest;
    }

    private static AiMetadata Without(AiMetadata ai, IReadOnlySet<long> hidden)
    {
        bool Shown(AiSource source) => ThreadCitations.ThreadOf(source.Url) is not { } thread || !hidden.Contains(thread);
        var sources = ai.Sources?.Where(Shown).ToList();
        return ai with
        {
            // The context line names the sources by title: only the ones still shown.
            Context = ai.Sources is null ? ai.Context : sources is { Count: > 0 } ? string.Join("; ", sources.Select(s => s.Title)) : null,
            Sources = sources is { Count: 0 } ? null : sources,
            ContextUsed = ai.ContextUsed is { } used ? used with { Sources = [.. used.Sources.Where(Shown)] } : null,
        };
    }
}
