namespace QanDu.Dashboard.Features.Retention;

/// <summary>The retention policy and its last run; <see cref="ResolvedConversationDays"/> null: off (keep everything).</summary>
public sealed record RetentionView(int? ResolvedConversationDays, DateTime? UpdatedAt, string? UpdatedBy, DateTime? LastRunAt, int? LastRunDeleted);

/// <summary>The body of <c>PUT /api/admin/retention</c>: a number of days, or null to turn the policy off.</summary>
public sealed record SetRetentionRequest(int? ResolvedConversationDays);

/// <summary>
/// What a run would delete now: resolved customer conversations resolved before <see cref="ResolvedBefore"/>, the messages
/// in them and the files attached to those messages.
/// </summary>
public sealed record RetentionDryRun(int Days, DateTime ResolvedBefore, int Conversations, int Messages, int Files);

/// <summary>A run so far (or at its end): conversations, messages and files deleted of the conversations it found.</summary>
public sealed record RetentionProgress(int Conversations, int Messages, int Files, int ConversationsFound);

/// <summary>What a run deleted: <see cref="Files"/> counts files removed from disk (a file already gone is not counted).</summary>
public sealed record RetentionRunResult(int Days, DateTime ResolvedBefore, int Conversations, int Messages, int Files, DateTime FinishedAt);
