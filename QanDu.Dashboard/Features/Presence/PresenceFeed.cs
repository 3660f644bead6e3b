using System.Collections.Immutable;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>
/// One subscription to the bus per circuit for presence changes, shared by every presence dot on the page
/// (a page shows dozens; each having its own bus subscription would cost a queue and a pump apiece).
/// </summary>
public sealed class PresenceFeed(IChatEvents events) : IDisposable
{
    private readonly Lock _gate = new();
    private ImmutableArray<Action<string?>> _listeners = [];
    private IDisposable? _subscription;

    /// <summary>Calls <paramref name="listener"/> with the user id whose presence changed, or null when anyone's may have.</summary>
    public IDisposable Listen(Action<string?> listener)
    {
        lock (_gate)
        {
            _listeners = _listeners.Add(listener);
            _subscription ??= events.Subscribe(null, OnEventAsync);
        }
        return new Listener(this, listener);
    }

    private Task OnEventAsync(ChatEvent chatEvent)
    {
        var userId = chatEvent switch
        {
            PresenceChanged changed => changed.UserId,
            ResyncRequired => null,
            _ => "",
        };
        if (userId == "")
            return Task.CompletedTask;
        foreach (var listener in _listeners)
            listener(userId);
        return Task.CompletedTask;
    }

    private void Remove(Action<string?> listener)
    {
        lock (_gate)
            _listeners = _listeners.Remove(listener);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscription?.Dispose();
            _subscription = null;
            _listeners = [];
        }
    }

    private sealed class Listener(PresenceFeed feed, Action<string?> listener) : IDisposable
    {
        public void Dispose() => feed.Remove(listener);
    }
}
