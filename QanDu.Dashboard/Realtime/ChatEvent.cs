using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Realtime;

/// <summary>Something that changed in one thread, published only after it was committed.</summary>
public abstract record ChatEvent(long ThreadId)
{
    /// <summary>Delivered only to subscribers of its thread, not to those of every thread.</summary>
    public virtual bool ThreadSubscribersOnly => false;
}

public sealed record MessagePosted(MessageSnapshot Message) : ChatEvent(Message.ThreadId)
{
    /// <summary>The type of the thread it was posted in, when the writer knew it (it always does): listeners that act
    /// only on some threads (the assistant, on AI threads) decide without a query per message.</summary>
    public ThreadType? ThreadType { get; init; }
}

/// <summary>
/// A message's content, status, metadata or tombstone changed. Reactions and reply counts are not part of it: they
/// change through <see cref="ReactionChanged"/> and replies' own <see cref="MessagePosted"/>.
/// </summary>
public sealed record MessageUpdated(MessageSnapshot Message) : ChatEvent(Message.ThreadId)
{
    /// <summary>False when only its metadata changed (its analysis, a corrected intent): the text needs no new analysis.</summary>
    public bool TextChanged { get; init; } = true;
}

/// <summary>Messages up to <see cref="UpToMessageId"/> (from others than the reader) changed status.</summary>
public sealed record MessagesStatusChanged(long ThreadId, long UpToMessageId, string ExceptSenderId, MessageStatus Status) : ChatEvent(ThreadId);

/// <summary>Someone added or took back a reaction; <see cref="Reactions"/> is the message's full set after the change.</summary>
public sealed record ReactionChanged(long ThreadId, long MessageId, IReadOnlyList<ReactionTally> Reactions) : ChatEvent(ThreadId);

public sealed record ReadStateChanged(long ThreadId, string UserId, long LastReadMessageId) : ChatEvent(ThreadId);

/// <summary>Title, status, priority, participants or assignee changed; the list reloads the thread's summary.</summary>
public sealed record ThreadChanged(long ThreadId) : ChatEvent(ThreadId);

/// <summary>A label was created or deleted: lists that offer labels reload them. Not tied to one thread.</summary>
public sealed record LabelsChanged() : ChatEvent(0);

/// <summary>Sent to one subscriber whose queue overflowed: what it shows may be stale, reload the latest.</summary>
public sealed record ResyncRequired() : ChatEvent(0);

/// <summary>Who is typing in the thread now (the full set, so a subscriber never has to merge).</summary>
public sealed record TypingChanged(long ThreadId, IReadOnlyList<Typist> Typists) : ChatEvent(ThreadId)
{
    // Typing is for the open thread only: inboxes and integrations subscribed to every thread are not woken by it.
    public override bool ThreadSubscribersOnly => true;
}

/// <summary>A user's effective presence changed (chosen status, idleness, or tabs opened and closed). Not tied to one thread.</summary>
public sealed record PresenceChanged(string UserId, PresenceStatus Presence) : ChatEvent(0);

/// <summary>A knowledge-base article was created, edited or deleted: open knowledge lists reload. Not tied to one thread.</summary>
public sealed record KnowledgeChanged(long ArticleId) : ChatEvent(0);
/// <summary>Someone rated an AI message: its counts now, and whose rating changed to what (null: taken back).</summary>
public sealed record AiFeedbackChanged(long ThreadId, long MessageId, int Up, int Down, string UserId, FeedbackRating? Rating) : ChatEvent(ThreadId);

/// <summary>
/// What a person may do changed (role, deactivation, a session ended, two-factor reset): their open circuits and hub
/// connections check their session again at once and end or refresh it. Not tied to one thread.
/// </summary>
public sealed record AccessChanged(string UserId) : ChatEvent(0);

/// <summary>A team was created, renamed, deleted or its members changed: lists that offer teams reload them.</summary>
public sealed record TeamsChanged() : ChatEvent(0);

/// <summary>A customer started a new conversation (through a channel): routing picks it up. Published after commit.</summary>
public sealed record ConversationStarted(long ThreadId, long ChannelId) : ChatEvent(ThreadId);

/// <summary>
/// The assistant handed a customer conversation it was answering to a person (now open): routing queues it as it
/// would a new conversation. Published after commit.
/// </summary>
public sealed record ConversationHandedOff(long ThreadId, string Reason) : ChatEvent(ThreadId);

/// <summary>
/// The customer is typing in their conversation: <see cref="Preview"/> is their draft so far (at most 200 characters,
/// staff only), empty with <see cref="Typing"/> false when they stopped.
/// </summary>
public sealed record CustomerTyping(long ThreadId, string Preview, bool Typing) : ChatEvent(ThreadId)
{
    public override bool ThreadSubscribersOnly => true;
}

/// <summary>A contact's details, attributes, notes or live page changed (or it was merged away). Not tied to one thread.</summary>
public sealed record ContactChanged(long ContactId) : ChatEvent(0);

/// <summary>A website channel was created, changed or deleted. Not tied to one thread.</summary>
public sealed record ChannelsChanged(long ChannelId) : ChatEvent(0);

/// <summary>
/// Who has a conversation open now and whether they are writing a reply (the full set). Delivered to every-thread
/// subscribers too: the live board shows it beside each conversation.
/// </summary>
public sealed record ViewersChanged(long ThreadId, IReadOnlyList<ConversationViewer> Viewers) : ChatEvent(ThreadId);

/// <summary>An SLA target of a conversation was missed (recorded in its activity and history); the board raises it.</summary>
public sealed record SlaBreached(long ThreadId, SlaMetric Metric, long PolicyId, DateTime DueAt) : ChatEvent(ThreadId);

/// <summary>An SLA policy was created, changed or deleted: the board and the inbox re-read the policies. Not tied to one thread.</summary>
public sealed record SlaPoliciesChanged() : ChatEvent(0);
