using QanDu.Dashboard.Features.Access;
using System.Text.Json.Serialization;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Labels;

namespace QanDu.Dashboard.Features.Threads;

public sealed record ParticipantView(string UserId, string DisplayName);

/// <summary>
/// A thread as one caller sees it in a list or a header (<see cref="ThreadSummaries.For"/> shapes it by the caller's
/// kind: a visitor is not shown the team's triage or anyone else's id).
/// </summary>
public sealed record ThreadSummary(
    long Id,
    string? Title,
    string DisplayTitle,
    ThreadType Type,
    ThreadStatus Status,
    PriorityLevel Priority,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long? LastMessageId,
    string? LastMessagePreview,
    string? LastMessageSenderName,
    DateTime? LastMessageAt,
    int UnreadCount,
    string? AssigneeId,
    string? AssigneeName,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<LabelView> Labels,
    long? TeamId = null,
    string? TeamName = null)
{
    public DateTime ActivityAt => LastMessageAt ?? CreatedAt;

    /// <summary>Set on a customer conversation: the contact it is with.</summary>
    public long? ContactId { get; init; }

    public bool IsCustomerConversation => ContactId is not null;

    /// <summary>When a snoozed conversation wakes; null while snoozed means until the customer replies.</summary>
    public DateTime? SnoozedUntil { get; init; }

    public DateTime? ResolvedAt { get; init; }

    /// <summary>The customer's satisfaction rating (1–5) and comment, once they rated the resolved conversation.</summary>
    public int? Rating { get; init; }

    public string? RatingComment { get; init; }

    /// <summary>The status as people read it: Open, Pending, Snoozed, and Resolved (customer) or Archived (staff thread).</summary>
    public string StatusName => ThreadStatusChange.Name(Status, IsCustomerConversation);
}

/// <summary>A new thread; a body without <c>type</c> is refused as missing, never read as the first type.</summary>
public sealed record CreateThreadRequest([property: JsonRequired] ThreadType Type, string? Title, IReadOnlyList<string>? ParticipantIds);

/// <summary>
/// Changes what is given and leaves the rest. <c>AssigneeId</c>: a user id assigns, <c>""</c> unassigns. <c>TeamId</c>:
/// a team's id assigns the conversation to that team, <c>0</c> takes it out of its team (the assignee rule is in
/// <see cref="ThreadService.UpdateThreadAsync"/>). <c>Status</c>: active (open), archived (resolved), pending or snoozed;
/// <c>SnoozedUntil</c> with snoozed ends the snooze at that time, without it the customer's reply does.
/// </summary>
public sealed record UpdateThreadRequest(string? Title = null, ThreadStatus? Status = null, PriorityLevel? Priority = null, string? AssigneeId = null,
    long? TeamId = null, DateTime? SnoozedUntil = null);

/// <summary>Snooze until a time (UTC), or with no <c>Until</c> until the customer replies.</summary>
public sealed record SnoozeRequest(DateTime? Until = null);
