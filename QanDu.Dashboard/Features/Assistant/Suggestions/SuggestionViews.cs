namespace QanDu.Dashboard.Features.Assistant.Suggestions;

public enum SuggestionStatus { Streaming, Done, Failed }

/// <summary>
/// One step of a suggested reply: its rank (0-2), the text so far, and whether it is still streaming, done (then
/// <see cref="SuggestionId"/> is the stored row, shown to the agent) or failed (then <see cref="Error"/> says why).
/// </summary>
public sealed record SuggestionUpdate(
    int Rank, string Text, SuggestionStatus Status, long? SuggestionId = null, string? Error = null, string? Model = null);

/// <summary>A finished suggestion, as the REST API returns it.</summary>
public sealed record SuggestionView(long Id, int Rank, string Text, string? Model);

/// <summary>The suggestions for one message (empty when nothing fitted), or why they could not be written.</summary>
public sealed record SuggestionsResult(long ForMessageId, IReadOnlyList<SuggestionView> Suggestions, string? Error);
