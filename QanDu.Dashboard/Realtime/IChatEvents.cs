namespace QanDu.Dashboard.Realtime;

/// <summary>
/// The event bus. In process today; a Redis-backed implementation (not built yet) would carry the same events between nodes,
/// which is why this is the one interface the realtime layer has.
/// </summary>
public interface IChatEvents
{
    /// <summary>Never blocks: a subscriber that cannot keep up loses events and is told to resync.</summary>
    void Publish(ChatEvent chatEvent);

    /// <summary>Events of one thread, or of every thread when <paramref name="threadId"/> is null.</summary>
    IDisposable Subscribe(long? threadId, Func<ChatEvent, Task> handler);
}
