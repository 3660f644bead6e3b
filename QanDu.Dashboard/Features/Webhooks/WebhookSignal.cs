namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>Wakes the dispatcher: after a commit that wrote deliveries, a test event, a redelivery or a resume.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
                _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/> (on <paramref name="clock"/>, so tests move it), whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero)
            return;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _wake.WaitAsync(either.Token);
        var slept = Task.Delay(timeout, clock, either.Token);
        await Task.WhenAny(woken, slept);
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
        // A wake-up that lost the race stays counted for the next wait (the semaphore keeps it).
        try { await woken; } catch (OperationCanceledException) { }
    }
}
