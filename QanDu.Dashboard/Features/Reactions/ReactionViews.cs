using QanDu.Dashboard.Features.Access;

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

/// <summary>Reactions as one caller sees them: a visitor sees who reacted by name, not by id (their own id excepted).</summary>
public static class ReactionShaping
{
    public static IReadOnlyList<ReactionView> For(ChatCaller caller, IReadOnlyList<ReactionView> reactions) =>
        !caller.IsVisitor
            ? reactions
            : [.. reactions.Select(r => r with { Users = [.. r.Users.Select(u => u.UserId == caller.UserId ? u : u with { UserId = "" })] })];
}
