using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox;

/// <summary>
/// The open thread's list as one agent sees it, with no I/O: the loaded messages in id order and how reads and bus
/// events merge into them, the messages being sent, paging, the readers and the "New messages" divider, and the quote
/// being written. One per opening of a thread: the thread view feeds it what it reads and hears, and renders it.
/// </summary>
public sealed class ThreadTimeline(long threadId, ChatCaller me)
{
    private static readonly Comparer<MessageView> ById = Comparer<MessageView>.Create((a, b) => a.Id.CompareTo(b.Id));
    private readonly List<MessageView> _messages = [];
    private readonly List<PendingMessage> _pending = [];
    private List<ReaderView> _readers = [];
    private long _myCursor;
    private long _markedRead;
    private bool _dividerPlaced;

    /// <summary>The loaded messages, oldest first: one unbroken run from <see cref="OlderCursor"/> up to the newest.</summary>
    public IReadOnlyList<MessageView> Messages => _messages;

    /// <summary>The agent's messages not stored yet, below the loaded ones.</summary>
    public IReadOnlyList<PendingMessage> Pending => _pending;

    public bool HasOlder { get; private set; }

    /// <summary>Where the next older page starts.</summary>
    public long? OlderCursor { get; private set; }

    /// <summary>Everyone's read position in the thread, for "Seen by".</summary>
    public IReadOnlyList<ReaderView> Readers => _readers;

    /// <summary>The message the "New messages" divider stands above, if any.</summary>
    public long? DividerBefore { get; private set; }

    /// <summary>The message the next send replies to, quoted in the composer.</summary>
    public ReplyPreview? ReplyTo { get; private set; }

    public bool Contains(long messageId) => _messages.Exists(m => m.Id == messageId);

    /// <summary>The newest page, in place of everything loaded (on opening, and when the bus asks for a resync).</summary>
    public void ShowLatest(MessagePage page)
    {
        _messages.Clear();
        AddOlder(page);
    }

    /// <summary>A page older than the loaded ones (or overlapping them: messages are matched by id).</summary>
    public void AddOlder(MessagePage page)
    {
        Merge(page.Messages);
        HasOlder = page.HasOlder;
        OlderCursor = page.OlderCursor;
    }

    /// <summary>Messages read from the database replace the ones shown, by id; new ones go in id order.</summary>
    public void Merge(IEnumerable<MessageView> read)
    {
        foreach (var message in read)
            Put(message, fromEvent: false);
    }

    /// <summary>A message from the bus carries no reactions or reply count: the ones shown stay (their own events change them).</summary>
    public void MergeFromEvent(MessageView message) => Put(message, fromEvent: true);

    /// <summary>A message posted (heard on the bus): it replaces the agent's own pending copy, matched by its key.</summary>
    public void Posted(MessageView message)
    {
        if (message.SenderId == me.UserId)
            _pending.RemoveAll(p => p.Key == message.ClientKey);
        MergeFromEvent(message);
    }

    /// <summary>
    /// An update of a message older than the loaded pages that nothing loaded quotes: it must not slip into the list out of
    /// its page (it arrives with its page when the reader goes up), nor cost a render.
    /// </summary>
    public bool IsOutsideLoadedRange(MessageView message) =>
        _messages.Count > 0 && message.Id < _messages[0].Id
        && !_messages.Exists(m => m.ReplyTo?.Id == message.Id) && ReplyTo?.Id != message.Id;

    /// <summary>Receipts only move forward: a late "sent" must not undo a "read" that arrived first.</summary>
    public static MessageStatus Forward(MessageStatus current, MessageStatus incoming) =>
        current is >= MessageStatus.Sent and <= MessageStatus.Read && incoming >= MessageStatus.Sent && incoming < current
            ? current
            : incoming;

    /// <summary>Others received or read messages up to a point; false when the change is the agent's own reading.</summary>
    public bool ApplyStatus(MessagesStatusChanged change)
    {
        if (change.ExceptSenderId == me.UserId)
            return false;
        for (var i = 0; i < _messages.Count; i++)
            if (_messages[i].Id <= change.UpToMessageId && _messages[i].SenderId != change.ExceptSenderId
                && _messages[i].Status < change.Status && _messages[i].Status >= MessageStatus.Sent)
                _messages[i] = _messages[i] with { Status = change.Status };
        return true;
    }

    public void ApplyReactions(long messageId, IReadOnlyList<ReactionView> reactions)
    {
        var index = _messages.FindIndex(m => m.Id == messageId);
        if (index >= 0)
            _messages[index] = _messages[index] with { Reactions = reactions };
    }

    /// <summary>Everyone's read position as read on opening (or after a resync); the agent's own is where "New messages" goes.</summary>
    public void ReadersLoaded(IEnumerable<ReaderView> readers)
    {
        _readers = [.. readers];
        _myCursor = _readers.Find(r => r.UserId == me.UserId)?.LastReadMessageId ?? 0;
    }

    /// <summary>The participants changed: their read positions, read again; the agent's own moves only by its events.</summary>
    public void ParticipantsChanged(IEnumerable<ReaderView> readers) => _readers = [.. readers];

    /// <summary>Where the agent left off is older than the loaded pages, with something unread: an older page is wanted.</summary>
    public bool DividerWantsOlderPage =>
        !_dividerPlaced && FirstUnreadAfter(_myCursor) is not null && HasOlder && _messages[0].Id > _myCursor;

    /// <summary>"New messages" above the first unread message from someone else, once per opening (it stays put while read).</summary>
    public bool PlaceDivider()
    {
        if (_dividerPlaced)
            return false;
        _dividerPlaced = true;
        DividerBefore = FirstUnreadAfter(_myCursor);
        return DividerBefore is not null;
    }

    /// <summary>Someone's read position moved; when the agent's own moved back (marked unread, here or elsewhere), so does the divider.</summary>
    public void ApplyReadState(ReadStateChanged read, DateTime utcNow)
    {
        var index = _readers.FindIndex(r => r.UserId == read.UserId);
        if (index >= 0 && _readers[index].LastReadMessageId != read.LastReadMessageId)
        {
            var at = read.LastReadMessageId > _readers[index].LastReadMessageId ? utcNow : _readers[index].ReadAt;
            _readers[index] = _readers[index] with { LastReadMessageId = read.LastReadMessageId, ReadAt = at };
        }
        if (read.UserId != me.UserId)
            return;
        if (read.LastReadMessageId < _myCursor)
            DividerBefore = FirstUnreadAfter(read.LastReadMessageId) ?? DividerBefore;
        _myCursor = read.LastReadMessageId;
    }

    /// <summary>
    /// The newest message from someone else, when this view has not marked it read yet; null otherwise. After "mark unread"
    /// the thread is therefore not marked read again until a newer message arrives or it is opened again.
    /// </summary>
    public long? NextReadReceipt()
    {
        var last = _messages.LastOrDefault(m => m.SenderId != me.UserId)?.Id ?? 0;
        if (last <= _markedRead)
            return null;
        _markedRead = last;
        return last;
    }

    /// <summary>Quotes <paramref name="message"/> in the composer; false for what cannot be replied to.</summary>
    public bool StartReply(MessageView message)
    {
        if (message.Id == 0 || message.Deleted)
            return false;
        ReplyTo = new ReplyPreview(message.Id, message.SenderName, MessageProjection.Preview(message.Content));
        return true;
    }

    public void CancelReply() => ReplyTo = null;

    /// <summary>A reply came or went whose original is loaded: the original's reply count is to be read back.</summary>
    public bool ShowsOriginalOf(MessageView reply) => reply.ReplyToId is { } originalId && Contains(originalId);

    /// <summary>
    /// An original changed or was deleted: its quotes above loaded replies and in the composer follow. True when the quote
    /// in the composer went because the original was deleted.
    /// </summary>
    public bool RefreshQuotes(MessageView original)
    {
        var quote = new ReplyPreview(original.Id, original.SenderName, original.Deleted ? "" : MessageProjection.Preview(original.Content), original.Deleted);
        for (var i = 0; i < _messages.Count; i++)
            if (_messages[i].ReplyTo?.Id == original.Id)
                _messages[i] = _messages[i] with { ReplyTo = quote };
        if (ReplyTo?.Id != original.Id)
            return false;
        ReplyTo = original.Deleted ? null : quote;
        return original.Deleted;
    }

    /// <summary>Starts a message with the avatar and name, unless the same person wrote the one before within five minutes.</summary>
    public static bool IsContinuation(MessageView? previous, MessageView message) =>
        previous is not null && previous.SenderId == message.SenderId && !previous.Deleted
        && message.ReplyToId is null && message.Timestamp - previous.Timestamp < TimeSpan.FromMinutes(5);

    /// <summary>What Up in an empty composer edits: the agent's newest text message that is not deleted.</summary>
    public MessageView? LastEditable => _messages.LastOrDefault(m => m.SenderId == me.UserId && !m.Deleted && m.Type == MessageType.Text);

    /// <summary>What Shift+Up in an empty composer replies to: the newest message that is not deleted.</summary>
    public MessageView? LastRepliable => _messages.LastOrDefault(m => !m.Deleted);

    /// <summary>Shows a message at once as "sending"; it replies to the quote being written, which goes with it.</summary>
    public PendingMessage Send(ComposerMessage sent, DateTime utcNow)
    {
        var pending = new PendingMessage(Guid.NewGuid().ToString("N"), sent.Text, threadId, me, utcNow, ReplyTo, sent.Files) { IsPrivate = sent.IsPrivate };
        pending.Sending();
        ReplyTo = null;
        _pending.Add(pending);
        return pending;
    }

    /// <summary>Its commit was acknowledged: the stored message takes the pending one's place.</summary>
    public void Sent(PendingMessage pending, MessageView stored)
    {
        _pending.Remove(pending);
        Merge([stored]);
    }

    public void Discard(PendingMessage pending) => _pending.Remove(pending);

    private long? FirstUnreadAfter(long cursor) =>
        _messages.Find(m => m.Id > cursor && m.SenderId != me.UserId && !m.Deleted)?.Id;

    private void Put(MessageView message, bool fromEvent)
    {
        var index = _messages.BinarySearch(message, ById);
        if (index < 0)
        {
            _messages.Insert(~index, message);
            return;
        }
        var shown = _messages[index];
        _messages[index] = (fromEvent ? message with { Reactions = shown.Reactions, ReplyCount = shown.ReplyCount } : message)
            with { Status = Forward(shown.Status, message.Status) };
    }
}
