using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Inbox;

/// <summary>
/// The thumbs under the assistant's replies in the open thread, by message id. It works out which replies still need
/// theirs read, so the thread reads them all at once (a page, a reply that just finished) rather than once per reply.
/// </summary>
public sealed class ThreadFeedback
{
    private readonly Dictionary<long, AiFeedbackView?> _byMessage = [];

    /// <summary>Whether a message shows thumbs: the assistant's stored reply, finished (neither streaming nor failed), not deleted.</summary>
    public static bool Shows(MessageView message) =>
        message is { SenderType: SenderType.Ai, Id: not 0, Deleted: false } && message.Status is not (MessageStatus.Sending or MessageStatus.Failed);

    /// <summary>
    /// The replies among <paramref name="messages"/> whose thumbs are not read yet, counted as being read from now on. A
    /// reply that no longer shows thumbs (written again after Retry) is forgotten, so it is read again once finished.
    /// </summary>
    public IReadOnlyList<long> TakeToRead(IEnumerable<MessageView> messages)
    {
        var toRead = new List<long>();
        foreach (var message in messages)
        {
            if (!Shows(message))
                _byMessage.Remove(message.Id);
            else if (_byMessage.TryAdd(message.Id, null))
                toRead.Add(message.Id);
        }
        return toRead;
    }

    /// <summary>What was read for the replies asked about; one missing from it (gone meanwhile) shows no counts.</summary>
    public void Read(IEnumerable<long> asked, IReadOnlyDictionary<long, AiFeedbackView> read)
    {
        foreach (var id in asked)
            if (_byMessage.ContainsKey(id))
                _byMessage[id] = read.GetValueOrDefault(id);
    }

    /// <summary>Whether the thread shows this message's thumbs, so a rating of it is to be read back.</summary>
    public bool Tracks(long messageId) => _byMessage.ContainsKey(messageId);

    /// <summary>The thumbs read back after someone rated; null when the message went out of sight.</summary>
    public void Changed(long messageId, AiFeedbackView? view)
    {
        if (_byMessage.ContainsKey(messageId))
            _byMessage[messageId] = view;
    }

    /// <summary>The thumbs to show under a reply; null until read.</summary>
    public AiFeedbackView? For(long messageId) => _byMessage.GetValueOrDefault(messageId);
}
