namespace QanDu.Dashboard.Features.Assistant.Suggestions;

public enum SuggestionStatus { Streaming, Done, Failed }

/// <summary>Where a suggestion came from: a knowledge article, or an agent's answer in a resolved customer conversation.</summary>
public enum SuggestionSourceKind { Article, EarlierAnswer }

/// <summary>What a suggestion cites for the agent: its title and a staff link (<c>/knowledge/{id}</c> or the earlier reply).</summary>
public sealed record SuggestionSource(string Title, string Url, SuggestionSourceKind Kind);

/// <summary>
/// One step of a suggested reply: its rank (0-2), the text so far, and whether it is still streaming, done (then
/// <see cref="SuggestionId"/> is the stored row, shown to the agent) or failed (then <see cref="Error"/> says why).
/// <see cref="Source"/> is what the built-in assistant drew it from (null for a remote model's own wording).
/// </summary>
public sealed record SuggestionUpdate(
    int Rank, string Text, SuggestionStatus Status, long? SuggestionId = null, string? Error = null, string? Model = null,
    SuggestionSource? Source = null);

/// <summary>A finished suggestion, as the REST API returns it.</summary>
public sealed record SuggestionView(long Id, int Rank, string Text, string? Model, SuggestionSource? Source = null);

/// <summary>The suggestions for one message (empty when nothing fitted), or why they could not be written.</summary>
public sealed record SuggestionsResult(long ForMessageId, IReadOnlyList<SuggestionView> Suggestions, string? Error);
