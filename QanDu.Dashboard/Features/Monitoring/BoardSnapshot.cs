using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>Where a open customer conversation stands in the queue.</summary>
public enum QueueState { WaitingFirstReply, WaitingNextReply, WaitingOnCustomer, WithAssistant, Snoozed }

/// <summary>One conversation as the board shows it; <see cref="Since"/> is when its current wait (or state) began.</summary>
public sealed record BoardConversation(
    long ThreadId,
    string Customer,
    QueueState State,
    DateTime Since,
    long? ChannelId,
    string? ChannelName,
    long? TeamId,
    string? TeamName,
    string? AssigneeId,
    string? AssigneeName,
    PriorityLevel Priority,
    DateTime? SnoozedUntil,
    IReadOnlyList<ConversationViewer> Viewers);

/// <summary>A queue section: its first rows (oldest first) and how many there are in all.</summary>
public sealed record BoardQueue(QueueState State, int Count, IReadOnlyList<BoardConversation> Rows);

/// <summary>How many open conversations a channel or team has, per queue state.</summary>
public sealed record BoardGroupCount(long? Id, string Name, int WaitingFirstReply, int WaitingNextReply, int WaitingOnCustomer, int WithAssistant, int Snoozed)
{
    public int Total => WaitingFirstReply + WaitingNextReply + WaitingOnCustomer + WithAssistant + Snoozed;
}

/// <summary>A running SLA target that is due soon, or missed.</summary>
public sealed record BoardSlaRow(BoardConversation Conversation, SlaMetric Metric, long PolicyId, string PolicyName, DateTime DueAt, bool Breached);

/// <summary>A conversation on the risk radar, with each reason it is there.</summary>
public sealed record BoardRiskRow(BoardConversation Conversation, IReadOnlyList<string> Reasons);

/// <summary>A person of the team: presence, load against capacity, today's replies and median first response, what they have open.</summary>
public sealed record BoardAgentRow(
    string UserId,
    string Name,
    PresenceStatus Presence,
    int Open,
    int? Capacity,
    int RepliesToday,
    TimeSpan? MedianFirstResponseToday,
    long? ViewingThreadId,
    string? ViewingCustomer);

/// <summary>Today so far (midnight in the board's zone until now) beside the same stretch a week ago.</summary>
public sealed record BoardToday(
    int New, int NewLastWeek,
    int Resolved, int ResolvedLastWeek,
    TimeSpan? MedianFirstResponse, TimeSpan? MedianFirstResponseLastWeek,
    double? Csat, double? CsatLastWeek,
    int Ratings, int RatingsLastWeek)
{
    public static readonly BoardToday Empty = new(0, 0, 0, 0, null, null, null, null, 0, 0);
}

/// <summary>
/// The whole board at one moment: immutable, built once per (coalesced) change and handed to every supervisor's circuit.
/// Lists carry their first <see cref="LiveBoard.RowsPerList"/> rows; counts are complete.
/// </summary>
public sealed record BoardSnapshot(
    long Version,
    DateTime BuiltAt,
    bool Loaded,
    IReadOnlyList<BoardQueue> Queues,
    IReadOnlyList<BoardGroupCount> ByChannel,
    IReadOnlyList<BoardGroupCount> ByTeam,
    int SlaWarningMinutes,
    IReadOnlyList<BoardSlaRow> AboutToBreach,
    IReadOnlyList<BoardSlaRow> Breached,
    IReadOnlyList<BoardRiskRow> Risks,
    IReadOnlyList<BoardAgentRow> Agents,
    BoardToday Today)
{
    public static readonly BoardSnapshot Empty = new(0, default, false, [], [], [], 5, [], [], [], [], BoardToday.Empty);

    public BoardQueue Queue(QueueState state) => Queues.FirstOrDefault(q => q.State == state) ?? new BoardQueue(state, 0, []);
}
