using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// What each widget connection hears: the bus's events of its contact's conversations, shaped for the visitor (never a
/// private note, never metadata or staff ids). Each connection holds one bus subscription per conversation (the bus's
/// own bounded queue per subscriber, so a slow visitor never stalls anyone); conversations started later are joined
/// from <see cref="ConversationStarted"/>, which one app-wide subscription watches.
/// </summary>
public sealed class WidgetConnections(
    IChatEvents events, IHubContext<WidgetHub> hub, IDbContextFactory<ChatDbContext> dbFactory, VisitorMessages shaping,
    IServiceProvider services, ILogger<WidgetConnections> logger) : IDisposable
{
    private const int MaxWatched = 200;
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _startLock = new();
    private IDisposable? _started;

    public async Task AttachAsync(string connectionId, Visitor visitor, CancellationToken ct)
    {
        EnsureStarted();
        var connection = new Connection(connectionId, visitor);
        _connections[connectionId] = connection;
        foreach (var id in await services.GetRequiredService<CustomerConversations>().IdsAsync(visitor, ct))
            Watch(connectionId, id);
    }

    public void Detach(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var connection))
            connection.Dispose();
    }

    /// <summary>Subscribes the connection to a conversation the caller checked is its visitor's.</summary>
    public void Watch(string connectionId, long conversationId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection))
            return;
        lock (connection)
        {
            if (connection.Disposed || connection.Subscriptions.ContainsKey(conversationId) || connection.Subscriptions.Count >= MaxWatched)
                return;
            connection.Subscriptions[conversationId] = events.Subscribe(conversationId, e => OnEventAsync(connection, e));
        }
    }

    private void EnsureStarted()
    {
        if (_started is not null)
            return;
        lock (_startLock)
            _started ??= events.Subscribe(null, OnAnyAsync);
    }

    /// <summary>A new conversation of a connected contact: its connections join it and are told (other tabs list it).</summary>
    private async Task OnAnyAsync(ChatEvent chatEvent)
    {
        if (chatEvent is not ConversationStarted started || _connections.IsEmpty)
            return;
        await using var db = await dbFactory.CreateDbContextAsync();
        var contactId = await db.Threads.Where(t => t.Id == started.ThreadId).Select(t => t.ContactId).FirstOrDefaultAsync();
        if (contactId is null)
            return;
        foreach (var connection in _connections.Values.Where(c => c.Visitor.ContactId == contactId))
        {
            Watch(connection.Id, started.ThreadId);
            await Client(connection).SendAsync("conversationStarted", new ConversationRef(started.ThreadId));
        }
    }

    private async Task OnEventAsync(Connection connection, ChatEvent chatEvent)
    {
        var visitor = connection.Visitor;
        var client = Client(connection);
        switch (chatEvent)
        {
            case MessagePosted { Message.IsPrivate: false } posted:
                await client.SendAsync("message", shaping.For(visitor.Caller, visitor.ContactId, posted.Message));
                if (posted.Message.SenderId != visitor.UserId)
                    await MarkDeliveredAsync(visitor, posted.Message);
                break;
            case MessageUpdated { Message.IsPrivate: false } updated:
                await client.SendAsync("messageUpdated", shaping.For(visitor.Caller, visitor.ContactId, updated.Message));
                break;
            case TypingChanged typing:
                var names = typing.Typists.Where(t => t.UserId != visitor.UserId).Select(t => t.DisplayName).ToList();
                await client.SendAsync("typing", new TypingView(typing.ThreadId, string.Join(", ", names), names.Count > 0));
                break;
            case MessagesStatusChanged { Status: MessageStatus.Read } read when read.ExceptSenderId != visitor.UserId:
                await client.SendAsync("read", new ReadView(read.ThreadId, read.UpToMessageId));
                break;
            case ThreadChanged changed:
                await SendStatusAsync(connection, changed.ThreadId);
                break;
            case ResyncRequired:
                await client.SendAsync("resync");
                break;
        }
    }

    /// <summary>The conversation's status when it changed; a newly resolved, unrated one also asks for a rating.</summary>
    private async Task SendStatusAsync(Connection connection, long threadId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var thread = await db.Threads.AsNoTracking().Where(t => t.Id == threadId).Select(t => new { t.Status, t.Rating }).FirstOrDefaultAsync();
        if (thread is null)
            return;
        var status = WidgetWords.Status(thread.Status);
        string? before;
        lock (connection)
        {
            before = connection.Statuses.GetValueOrDefault(threadId);
            connection.Statuses[threadId] = status;
        }
        if (before == status)
            return;
        var client = Client(connection);
        await client.SendAsync("status", new StatusView(threadId, status));
        if (thread.Status == ThreadStatus.Archived && thread.Rating is null)
            await client.SendAsync("ratingRequested", new ConversationRef(threadId));
    }

    /// <summary>The message reached the visitor's widget: staff see "delivered".</summary>
    private async Task MarkDeliveredAsync(Visitor visitor, MessageSnapshot message)
    {
        try
        {
            await services.GetRequiredService<ReadStateService>().MarkAsync(visitor.Caller, message.ThreadId, message.Id, MessageStatus.Delivered);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not mark message {MessageId} delivered to a visitor", message.Id);
        }
    }

    private IClientProxy Client(Connection connection) => hub.Clients.Client(connection.Id);

    public void Dispose()
    {
        _started?.Dispose();
        foreach (var connection in _connections.Values)
            connection.Dispose();
    }

    private sealed class Connection(string id, Visitor visitor) : IDisposable
    {
        public string Id { get; } = id;
        public Visitor Visitor { get; } = visitor;
        public Dictionary<long, IDisposable> Subscriptions { get; } = [];
        public Dictionary<long, string> Statuses { get; } = [];
        public bool Disposed { get; private set; }

        public void Dispose()
        {
            lock (this)
            {
                Disposed = true;
                foreach (var subscription in Subscriptions.Values)
                    subscription.Dispose();
                Subscriptions.Clear();
            }
        }
    }
}
