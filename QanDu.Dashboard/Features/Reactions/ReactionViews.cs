namespace QanDu.Dashboard.Features.Reactions;

/// <summary>Who reacted: enough to highlight "mine" and to list names on hover.</summary>
public sealed record ReactorView(string UserId, string DisplayName);

/// <summary>One emoji on one message: how many reacted with it and who, in the order they reacted.</summary>
public sealed record ReactionView(string Emoji, int Count, IReadOnlyList<ReactorView> Users)
{
    public bool Includes(string userId) => Users.Any(u => u.UserId == userId);
}

public sealed record ToggleReactionRequest(string? Emoji);

/// <summary>A toggle's result: whether the caller's reaction is now there, and the message's reactions after it.</summary>
public sealed record ReactionOutcome(long MessageId, string Emoji, bool Added, IReadOnlyList<ReactionView> Reactions);
