using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Integrations;

/// <summary>One event for a hub client: the client-side handler's name and its argument (in the REST API's JSON shapes).</summary>
public sealed record FeedEvent(string Name, object Payload);

/// <summary>The names of the events <c>/hubs/chat</c> sends, as a client registers handlers for them.</summary>
public static class FeedEventNames
{
    /// <summary>A new message (argument: the message, as <c>POST /api/chat/message</c> answers it).</summary>
    public const string MessagePosted = "messagePosted";

    /// <summary>A message's text, status or details changed (argument: the message as it is now).</summary>
    public const string MessageEdited = "messageEdited";

    /// <summary>A message was deleted (argument: its tombstone, as <c>DELETE /api/chat/message/{id}</c> answers it).</summary>
    public const string MessageDeleted = "messageDeleted";

    /// <summary>Others' messages up to one reached a reader (argument: <see cref="StatusChangedView"/>).</summary>
    public const string StatusChanged = "statusChanged";

    /// <summary>Who types in the thread now (argument: <see cref="TypingView"/>).</summary>
    public const string Typing = "typing";

    /// <summary>The thread's title, status, priority, labels, team or assignee changed (argument: the thread, as <c>GET /api/chat/thread/{id}</c>).</summary>
    public const string ThreadChanged = "threadChanged";

    /// <summary>Events were dropped for a client that fell behind: call <c>Resume</c> (argument: <see cref="ThreadRef"/>).</summary>
    public const string Resync = "resync";

    /// <summary>The caller may no longer see the thread; no more events come for it (argument: <see cref="ThreadRef"/>).</summary>
    public const string SubscriptionEnded = "subscriptionEnded";
}

/// <summary>Messages of others up to <see cref="UpToMessageId"/> in the thread reached <see cref="Status"/> for the reader <see cref="ReaderId"/>.</summary>
public sealed record StatusChangedView(long ThreadId, long UpToMessageId, string ReaderId, MessageStatus Status);

/// <summary>Everyone typing in the thread now (empty: nobody).</summary>
public sealed record TypingView(long ThreadId, IReadOnlyList<Typist> Typists);

public sealed record ThreadRef(long ThreadId);
