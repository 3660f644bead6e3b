using QanDu.Dashboard.Features.Activity;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// The single writer of new messages (group commit): posts wait on a channel, one loop drains what is waiting,
/// commits it in one transaction, publishes the events, and only then tells each caller "sent".
/// The loop starts on first use (start-up seeding posts before hosted services run) and drains on dispose.
/// </summary>
public sealed class MessageWriter(
    IDbContextFactory<ChatDbContext> dbFactory,
    IChatEvents events,
    PendingAiReplies pendingReplies,
    TimeProvider clock,
    IOptions<MessageOptions> options,
    QanduMetrics metrics,
    ILogger<MessageWriter> logger) : IAsyncDisposable
{
    /// <summary>Posts that may wait at once; past it a poster waits for room.</summary>
    public const int QueueCapacity = 50_000;

    private readonly Channel<PendingPost> _queue = Channel.CreateBounded<PendingPost>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _startLock = new();
    private Task? _loop;
    private long _commits;
    private long _written;

    /// <summary>Transactions committed so far; fewer than posts when batching works.</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    public long MessagesWritten => Interlocked.Read(ref _written);

    /// <summary>Posts waiting for the writer (not counting the batch being committed): the writer queue of the health page and metrics.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Queues a validated message; completes after the transaction holding it has committed.</summary>
    internal Task<PostOutcome> WriteAsync(Message message, CancellationToken ct) => WriteAsync(message, visibleTo: null, ct);

    /// <summary>
    /// As <see cref="WriteAsync(Message, CancellationToken)"/>, and the thread must be visible to
    /// <paramref name="visibleTo"/>: checked for the whole batch in one query, not one query per post. A thread the
    /// caller may not see (or that does not exist) fails this post alone with <see cref="ChatNotFoundException"/>.
    /// </summary>
    internal async Task<PostOutcome> WriteAsync(Message message, ChatCaller? visibleTo, CancellationToken ct)
    {
        EnsureStarted();
        var pending = new PendingPost(message) { VisibleTo = visibleTo };
        try
        {
            await _queue.Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The dashboard is shutting down; the message was not sent.");
        }
        // A caller that gives up still has its post committed; a retry with the same key finds it.
        return await pending.Completion.Task.WaitAsync(ct);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
            return;
        lock (_startLock)
            _loop ??= Task.Run(RunAsync);
    }

    /// <summary>Refuses new posts, then waits until every queued post is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is { } loop)
            await loop;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingPost>(options.Value.WriterMaxBatch);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < options.Value.WriterMaxBatch && reader.TryRead(out var pending))
                batch.Add(pending);
            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingPost> batch)
    {
        try
        {
            await CommitAsync(batch);
        }
        catch (Exception ex) when (StorageErrors.WriteFailure(ex) is { } reason)
        {
            // No post is to blame when the disk refuses the write: one by one would fail each again (and log each).
            logger.LogWarning("Could not store {Count} posts: {Reason}", batch.Count, reason);
            foreach (var pending in batch)
                pending.Completion.TrySetException(ex);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad post must not fail the others: write them one at a time to find it.
            logger.LogWarning(ex, "A batch of {Count} posts failed; retrying them one by one", batch.Count);
            foreach (var pending in batch)
            {
                try
                {
                    await CommitAsync([pending]);
                }
                catch (Exception single)
                {
                    logger.LogError(single, "Could not store a message in thread {ThreadId}", pending.Message.ThreadId);
                    pending.Completion.TrySetException(single);
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not store a message in thread {ThreadId}", batch[0].Message.ThreadId);
            batch[0].Completion.TrySetException(ex);
        }
    }

    private async Task CommitAsync(IReadOnlyList<PendingPost> batch)
    {
        var started = clock.GetTimestamp();
        await using var db = await dbFactory.CreateDbContextAsync();
        var posts = await VisiblePostsAsync(db, batch);
        if (posts.Count == 0)
            return;
        var keys = posts.Select(p => p.Message.ClientKey!).Distinct().ToList();
        var stored = await db.Messages.Where(m => keys.Contains(m.ClientKey!))
            .Select(MessageProjection.ToView(db)).ToListAsync();
        var storedByKey = stored.ToDictionary(m => (m.ThreadId, m.SenderId, m.ClientKey));

        var firstByKey = new Dictionary<(long, string?, string?), PendingPost>();
        var inserts = new List<PendingPost>();
        foreach (var post in posts)
        {
            var key = (post.Message.ThreadId, post.Message.SenderId, post.Message.ClientKey);
            if (storedByKey.TryGetValue(key, out var existing))
                post.Outcome = new PostOutcome(existing, Created: false);
            else if (firstByKey.TryGetValue(key, out var first))
                post.SameAs = first;
            else
            {
                firstByKey[key] = post;
                inserts.Add(post);
            }
        }

        var (readEvents, threadTypes, replies) = inserts.Count > 0 ? await InsertAsync(db, inserts, started) : ([], [], []);

        var posted = inserts.Select(p => p.Outcome!.Message).Concat(replies.Select(r => MessageProjection.ToView(r, null))).OrderBy(m => m.Id);
        foreach (var message in posted)
            events.Publish(new MessagePosted(MessageProjection.ToSnapshot(message)) { ThreadType = threadTypes.GetValueOrDefault(message.ThreadId) });
        foreach (var readEvent in readEvents)
            events.Publish(readEvent);
        foreach (var post in posts)
        {
            var outcome = post.SameAs is { } first ? first.Outcome! with { Created = false } : post.Outcome!;
            post.Completion.TrySetResult(outcome);
        }
    }

    /// <summary>
    /// Inserts the posts, and the assistant's pending replies to questions in AI threads and to customers in conversations
    /// that wait on the assistant, in one transaction; returns the
    /// read-state events to publish after the posts, the threads' types and the pending replies.
    /// </summary>
    private async Task<(List<ChatEvent> ReadEvents, Dictionary<long, ThreadType?> ThreadTypes, IReadOnlyList<Message> Replies)> InsertAsync(
        ChatDbContext db, List<PendingPost> inserts, long started)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var threadIds = inserts.Select(p => p.Message.ThreadId).Distinct().ToList();
        var replyIds = inserts.Where(p => p.Message.ReplyToId != null).Select(p => p.Message.ReplyToId!.Value).Distinct().ToList();
        var senderIds = inserts.Where(p => p.Message.SenderId != null).Select(p => p.Message.SenderId!).Distinct().ToList();
        var threads = await db.Threads.Where(t => threadIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id);
        var replies = replyIds.Count == 0
            ? []
            : (await db.Messages.AsNoTracking().Where(m => replyIds.Contains(m.Id)).ToListAsync())
                .ToDictionary(m => m.Id, MessageProjection.Quote);
        var cursors = await db.ReadCursors.Where(c => threadIds.Contains(c.ThreadId) && senderIds.Contains(c.UserId))
            .ToDictionaryAsync(c => (c.ThreadId, c.UserId));
        var readBefore = cursors.ToDictionary(c => c.Key, c => c.Value.LastReadMessageId);
        var customers = await CustomerUsersAsync(db, threads.Values);
        var waiting = await PendingAiReplies.WaitingOnAssistantAsync(db, threads.Values);

        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var post in inserts)
        {
            // A fresh row each attempt: a retry after a failed batch must not bring entities (or ids) the failed
            // context had attached.
            var row = post.NewRow();
            if (row.Timestamp == default)
                row.Timestamp = now; // imports and demo data keep their own time
            // An AI reply starts as "sending" and grows while it streams; everything else is sent once committed.
            row.Status = row.SenderType == SenderType.Ai ? row.Status : MessageStatus.Sent;
            db.Messages.Add(row);
        }
        await db.SaveChangesAsync();
        var aiReplies = pendingReplies.For(inserts.ConvertAll(p => p.Row!), threads, waiting, customers);
        if (aiReplies.Count > 0)
        {
            foreach (var aiReply in aiReplies)
            {
                aiReply.Timestamp = now;
                db.Messages.Add(aiReply);
            }
            await db.SaveChangesAsync(); // ids first: a reply is its thread's last message
        }

        var readStates = new List<ReadStateChanged>();
        foreach (var message in inserts.Select(p => p.Row!).Concat(aiReplies))
        {
            // A system message (routing's decisions, status lines) and a private note are notes in the history: neither
            // becomes the thread's preview (which customers may be shown), reopens it or counts as unread news.
            if (message.Type != MessageType.System && !message.IsPrivate && threads.TryGetValue(message.ThreadId, out var thread) && message.Id > (thread.LastMessageId ?? 0))
            {
                thread.LastMessageId = message.Id;
                thread.LastMessagePreview = MessageProjection.Preview(message);
                thread.LastMessageSenderName = message.SenderName;
                thread.LastMessageAt = message.Timestamp;
                thread.UpdatedAt = message.Timestamp > thread.UpdatedAt ? message.Timestamp : thread.UpdatedAt;
                // A new message brings a resolved, snoozed or pending thread back; the customer and the assistant talking
                // in a conversation that waits on the assistant keep it waiting (an agent's message opens it).
                if (!(waiting.Contains(thread.Id) && (message.SenderType == SenderType.Ai
                                                      || message.SenderId == customers.GetValueOrDefault(thread.ContactId ?? 0))))
                    ThreadStatusChange.Reopen(thread);
                if (thread.ContactId is { } contactId && message.SenderType == SenderType.User && message.SenderId != customers.GetValueOrDefault(contactId))
                    thread.FirstReplyAt ??= message.Timestamp;
            }
            if (threads.TryGetValue(message.ThreadId, out var conversation) && conversation.ContactId is { } contact)
                ConversationActivityLog.AddMessage(db, message, conversation, customers.GetValueOrDefault(contact));
            // A private note answers nobody: it moves no read state, so a supervisor's whisper reads nothing for them and
            // shows the customer no "seen".
            if (message.SenderId is { } senderId && !message.IsPrivate)
                readStates.Add(AdvanceCursor(db, cursors, message.ThreadId, senderId, message.Id, now));
        }
        await db.SaveChangesAsync();
        var readEvents = new List<ChatEvent>();
        var latestReads = readStates.GroupBy(r => (r.ThreadId, r.UserId)).Select(g => g.MaxBy(r => r.LastReadMessageId)!).ToList();
        var turnedRead = await MarkReadByPostersAsync(db, latestReads, readBefore);
        foreach (var readState in latestReads)
        {
            readEvents.Add(readState);
            if (turnedRead.Contains(readState))
                readEvents.Add(new MessagesStatusChanged(readState.ThreadId, readState.LastReadMessageId, readState.UserId, MessageStatus.Read));
        }
        await transaction.CommitAsync();
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _written, inserts.Count);
        RecordCommit(inserts, aiReplies, threads, customers, clock.GetElapsedTime(started));

        foreach (var post in inserts)
        {
            var reply = post.Message.ReplyToId is { } id ? replies.GetValueOrDefault(id) : null;
            post.Outcome = new PostOutcome(MessageProjection.ToView(post.Row!, reply), Created: true);
        }
        return (readEvents, threads.ToDictionary(t => t.Key, t => (ThreadType?)t.Value.Type), aiReplies);
    }

    /// <summary>One batch for the metrics: counted here, added once per sender kind (not once per message).</summary>
    private void RecordCommit(List<PendingPost> inserts, IReadOnlyList<Message> aiReplies, Dictionary<long, ChatThread> threads,
        Dictionary<long, string> customers, TimeSpan duration)
    {
        int staff = 0, fromCustomers = 0, ai = aiReplies.Count, system = 0;
        foreach (var post in inserts)
        {
            var row = post.Row!;
            switch (row.SenderType)
            {
                case SenderType.Ai: ai++; break;
                case SenderType.System: system++; break;
                default:
                    var customer = threads.TryGetValue(row.ThreadId, out var thread) && thread.ContactId is { } contact
                                   && row.SenderId == customers.GetValueOrDefault(contact);
                    if (customer)
                        fromCustomers++;
                    else
                        staff++;
                    break;
            }
        }
        metrics.WriterCommitted(staff, fromCustomers, ai, system, duration);
    }

    /// <summary>The stand-in user of each customer conversation's contact, to tell the customer's messages from the team's.</summary>
    private static async Task<Dictionary<long, string>> CustomerUsersAsync(ChatDbContext db, IEnumerable<ChatThread> threads)
    {
        var contactIds = threads.Where(t => t.ContactId != null).Select(t => t.ContactId!.Value).Distinct().ToList();
        return contactIds.Count == 0
            ? []
            : await db.Contacts.Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.UserId);
    }

    /// <summary>
    /// The posts whose thread exists and, where asked, is visible to the poster (one query for the batch); the others
    /// fail at once with not-found, as a check before queueing would have.
    /// </summary>
    private static async Task<IReadOnlyList<PendingPost>> VisiblePostsAsync(ChatDbContext db, IReadOnlyList<PendingPost> batch)
    {
        var toCheck = batch.Where(p => p.VisibleTo is not null).ToList();
        if (toCheck.Count == 0)
            return batch;
        var threadIds = toCheck.Select(p => p.Message.ThreadId).Distinct().ToList();
        var userIds = toCheck.Select(p => p.VisibleTo!.UserId).Distinct().ToList();
        // The type too: someone else's AI thread is hidden even from those who see every other thread (ThreadAccess).
        var existing = await db.Threads.Where(t => threadIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => (t.Type, Queue: t.ContactId != null && t.TeamId == null && t.AssigneeId == null));
        // Taking part: a participant, or a member of the conversation's team (ThreadAccess.Visible, the same rule).
        var participants = (await db.Participants.Where(p => threadIds.Contains(p.ThreadId) && userIds.Contains(p.UserId))
                .Select(p => new { p.ThreadId, p.UserId })
                .Concat(db.Threads.Where(t => threadIds.Contains(t.Id) && t.TeamId != null)
                    .SelectMany(t => t.Team!.Members.Where(m => userIds.Contains(m.UserId)), (t, m) => new { ThreadId = t.Id, m.UserId }))
                .ToListAsync())
            .Select(p => (p.ThreadId, p.UserId)).ToHashSet();
        var visible = new List<PendingPost>(batch.Count);
        foreach (var post in batch)
        {
            var threadId = post.Message.ThreadId;
            var ok = post.VisibleTo is not { } caller
                     || (existing.TryGetValue(threadId, out var thread)
                         && caller.Sees(thread.Type, participants.Contains((threadId, caller.UserId)) || (thread.Queue && caller.IsStaff)));
            if (ok)
                visible.Add(post);
            else
                post.Completion.TrySetException(new ChatNotFoundException($"Thread {threadId}"));
        }
        return visible;
    }

    /// <summary>
    /// Someone who answers has read what came before: others' messages between each poster's previous cursor and the
    /// new one turn to read. One statement for the whole batch (a batch from a busy team has hundreds of posters; one
    /// UPDATE each was the writer's largest count of statements), each range on the (ThreadId, Id) index so a long
    /// thread's history is not scanned. Returns the read states that changed some message.
    /// </summary>
    private static async Task<HashSet<ReadStateChanged>> MarkReadByPostersAsync(
        ChatDbContext db, IReadOnlyList<ReadStateChanged> readStates, Dictionary<(long, string), long> readBefore)
    {
        var ranges = readStates
            .Select(r => (State: r, After: readBefore.GetValueOrDefault((r.ThreadId, r.UserId))))
            .Where(r => r.State.LastReadMessageId - r.After > 1) // nothing lies strictly between
            .ToList();
        var changed = new HashSet<ReadStateChanged>();
        if (ranges.Count == 0)
            return changed;
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var terms = new List<string>(ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            terms.Add($"(ThreadId = @t{i} AND Id > @a{i} AND Id < @b{i} AND (SenderId IS NULL OR SenderId <> @u{i}))");
            AddParameter(command, $"@t{i}", ranges[i].State.ThreadId);
            AddParameter(command, $"@a{i}", ranges[i].After);
            AddParameter(command, $"@b{i}", ranges[i].State.LastReadMessageId);
            AddParameter(command, $"@u{i}", ranges[i].State.UserId);
        }
        command.CommandText = $"""
            UPDATE Messages SET Status = {(int)MessageStatus.Read}
            WHERE Status >= {(int)MessageStatus.Sent} AND Status < {(int)MessageStatus.Read} AND ({string.Join(" OR ", terms)})
            RETURNING ThreadId, Id, SenderId
            """;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (threadId, id, senderId) = (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            foreach (var (state, after) in ranges)
            {
                if (state.ThreadId == threadId && id > after && id < state.LastReadMessageId && senderId != state.UserId)
                    changed.Add(state);
            }
        }
        return changed;
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Whoever posts has read the thread up to their own message.</summary>
    private static ReadStateChanged AdvanceCursor(
        ChatDbContext db, Dictionary<(long, string), ReadCursor> cursors, long threadId, string userId, long messageId, DateTime now)
    {
        if (!cursors.TryGetValue((threadId, userId), out var cursor))
        {
            cursor = new ReadCursor { ThreadId = threadId, UserId = userId };
            db.ReadCursors.Add(cursor);
            cursors[(threadId, userId)] = cursor;
        }
        cursor.LastReadMessageId = Math.Max(cursor.LastReadMessageId, messageId);
        cursor.UpdatedAt = now;
        return new ReadStateChanged(threadId, userId, cursor.LastReadMessageId);
    }

    private sealed class PendingPost(Message message)
    {
        /// <summary>The post as validated; never attached to a context (each attempt inserts a copy, <see cref="Row"/>).</summary>
        public Message Message { get; } = message;

        /// <summary>The row the latest attempt inserted.</summary>
        public Message? Row { get; private set; }

        public Message NewRow()
        {
            var m = Message;
            Row = new Message
            {
                ThreadId = m.ThreadId, Content = m.Content, Type = m.Type, SenderId = m.SenderId, SenderName = m.SenderName,
                SenderType = m.SenderType, Timestamp = m.Timestamp, ReplyToId = m.ReplyToId, Status = m.Status, ClientKey = m.ClientKey,
                Metadata = m.Metadata, IsPrivate = m.IsPrivate,
                Attachments = m.Attachments.ConvertAll(a => new Attachment
                {
                    Type = a.Type, Name = a.Name, Size = a.Size, MimeType = a.MimeType, StoredName = a.StoredName,
                }),
            };
            return Row;
        }
        public TaskCompletionSource<PostOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public PostOutcome? Outcome { get; set; }
        public PendingPost? SameAs { get; set; }

        /// <summary>Checked in the batch: the poster, when the thread's visibility was not checked before queueing.</summary>
        public ChatCaller? VisibleTo { get; init; }
    }
}
