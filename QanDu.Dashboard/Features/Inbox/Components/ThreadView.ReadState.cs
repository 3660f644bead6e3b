using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Inbox.Components;

/// <summary>
/// Read state in the open thread: "Seen by …" under the last message, the "New messages" divider where the reader
/// left off, and "mark unread from here". The divider is placed once per opening and stays put while messages are
/// read; after "mark unread" the thread is not marked read again until a new message arrives or it is opened again.
/// </summary>
public sealed partial class ThreadView
{
    private const int MaxPagesToReachDivider = 4;
    private List<ReaderView> _readers = [];
    private long _myCursor;
    private long? _dividerBefore;
    private bool _dividerPlaced;

    /// <summary>On opening: where the reader left off, loading older pages (a few at most) until it is in the list.</summary>
    private async Task PlaceDividerAsync()
    {
        _readers = [.. await ReadState.GetReadersAsync(_me, ThreadId)];
        _myCursor = _readers.Find(r => r.UserId == _me.UserId)?.LastReadMessageId ?? 0;
        if (_dividerPlaced)
            return;
        _dividerPlaced = true;
        if (FirstUnreadAfter(_myCursor) is null)
            return;
        for (var page = 0; page < MaxPagesToReachDivider && _hasOlder && _messages[0].Id > _myCursor; page++)
        {
            var older = await Messages.GetHistoryAsync(_me, ThreadId, _olderCursor, limit: null);
            Merge(older.Messages);
            _hasOlder = older.HasOlder;
            _olderCursor = older.OlderCursor;
        }
        _dividerBefore = FirstUnreadAfter(_myCursor);
        if (_dividerBefore is not null)
            _scroll = ScrollIntent.Divider;
    }

    private long? FirstUnreadAfter(long cursor) =>
        _messages.Find(m => m.Id > cursor && m.SenderId != _me.UserId && !m.Deleted)?.Id;

    private void OnReadStateChanged(ReadStateChanged read)
    {
        var index = _readers.FindIndex(r => r.UserId == read.UserId);
        if (index >= 0 && _readers[index].LastReadMessageId != read.LastReadMessageId)
        {
            var at = read.LastReadMessageId > _readers[index].LastReadMessageId ? Clock.GetUtcNow().UtcDateTime : _readers[index].ReadAt;
            _readers[index] = _readers[index] with { LastReadMessageId = read.LastReadMessageId, ReadAt = at };
        }
        if (read.UserId != _me.UserId)
            return;
        // Moved back: the user marked it unread here or in another tab; show where, and leave it unread.
        if (read.LastReadMessageId < _myCursor)
            _dividerBefore = FirstUnreadAfter(read.LastReadMessageId) ?? _dividerBefore;
        _myCursor = read.LastReadMessageId;
    }

    private async Task MarkUnreadFromAsync(long messageId)
    {
        try
        {
            var state = await ReadState.MarkUnreadFromAsync(_me, messageId);
            OnReadStateChanged(new ReadStateChanged(ThreadId, _me.UserId, state.LastReadMessageId));
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatNotFoundException)
        {
            Snackbar.Add(ex.Message, MudBlazor.Severity.Warning);
        }
    }
}
