using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Integrations;

/// <summary>
/// One thread's changes for one caller, in the REST API's shapes: the feed behind <c>/hubs/chat</c>. Visibility is checked
/// once, when subscribing (a thread the caller may not see is not found, and nothing of it is sent); a change to the
/// thread itself checks again, and a caller who lost access gets <see cref="FeedEventNames.SubscriptionEnded"/> and no
/// more. Delivery runs on the bus's own queue for this subscriber, so a slow client never stalls the publisher.
/// </summary>
public sealed class ThreadFeed(IDbContextFactory<ChatDbContext> dbFactory, IChatEvents events, MessageService messages, ThreadService threads)
{
    public async Task<IDisposable> SubscribeAsync(ChatCaller caller, long threadId, Func<FeedEvent, Task> deliver, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.RequireVisibleIdAsync(caller, threadId, ct);
        var subscription = new Subscription();
        subscription.Attach(events.Subscribe(threadId, async chatEvent =>
        {
            if (subscription.Ended || await TranslateAsync(caller, threadId, chatEvent) is not { } feedEvent)
                return;
            if (feedEvent.Name == FeedEventNames.SubscriptionEnded)
                subscription.Dispose();
            await deliver(feedEvent);
        }));
        return subscription;
    }

    /// <summary>What the caller missed after <paramref name="afterMessageId"/>, oldest first (a page; ask again when it has more).</summary>
    public Task<NewerMessages> ResumeAsync(ChatCaller caller, long threadId, long afterMessageId, CancellationToken ct = default) =>
        messages.GetAfterAsync(caller, threadId, afterMessageId, limit: null, ct);

    private async Task<FeedEvent?> TranslateAsync(ChatCaller caller, long threadId, ChatEvent chatEvent) => chatEvent switch
    {
        MessagePosted { Message.IsPrivate: true } or MessageUpdated { Message.IsPrivate: true } when caller.IsVisitor => null,
        MessagePosted posted => new(FeedEventNames.MessagePosted,
            await messages.ShapeAsync(caller, MessageProjection.FromSnapshot(caller, posted.Message))),
        MessageUpdated updated => new(updated.Message.Deleted ? FeedEventNames.MessageDeleted : FeedEventNames.MessageEdited,
            await messages.ShapeAsync(caller, MessageProjection.FromSnapshot(caller, updated.Message))),
        MessagesStatusChanged status => new(FeedEventNames.StatusChanged,
            new StatusChangedView(status.ThreadId, status.UpToMessageId, status.ExceptSenderId, status.Status)),
        TypingChanged typing => new(FeedEventNames.Typing, new TypingView(typing.ThreadId, typing.Typists)),
        ThreadChanged => await ThreadNowAsync(caller, threadId),
        ResyncRequired => new(FeedEventNames.Resync, new ThreadRef(threadId)),
        _ => null,
    };

    private async Task<FeedEvent> ThreadNowAsync(ChatCaller caller, long threadId)
    {
        try
        {
            return new(FeedEventNames.ThreadChanged, await threads.GetThreadAsync(caller, threadId));
        }
        catch (ChatNotFoundException)
        {
            return new(FeedEventNames.SubscriptionEnded, new ThreadRef(threadId));
        }
    }

    /// <summary>The bus subscription, which can end itself from inside its own handler.</summary>
    private sealed class Subscription : IDisposable
    {
        private IDisposable? _inner;
        private int _ended;

        public bool Ended => Volatile.Read(ref _ended) == 1;

        public void Attach(IDisposable inner)
        {
            _inner = inner;
            if (Ended)
                inner.Dispose();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
                _inner?.Dispose();
        }
    }
}
