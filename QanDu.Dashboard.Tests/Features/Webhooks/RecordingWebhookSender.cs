using System.Collections.Concurrent;
using QanDu.Dashboard.Features.Webhooks;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// A webhook sender for the dispatcher's tests (the app's real one does HTTP): records every request and answers what
/// <see cref="Answer"/> says (delivered by default); <see cref="Stall"/> holds requests to one URL until released.
/// </summary>
public sealed class RecordingWebhookSender : IWebhookSender
{
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();

    public Func<WebhookRequest, WebhookAttemptResult> Answer { get; set; } = _ => Delivered();

    /// <summary>Requests to this URL wait until <see cref="Release"/> (or their cancellation).</summary>
    public string? Stall { get; set; }

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public void Release() => _released.TrySetResult();

    public async Task<WebhookAttemptResult> SendAsync(WebhookRequest request, CancellationToken ct)
    {
        _requests.Enqueue(request);
        if (Stall is { } url && request.Url.ToString().StartsWith(url, StringComparison.Ordinal))
            await _released.Task.WaitAsync(ct);
        return Answer(request);
    }

    public static WebhookAttemptResult Delivered() => new(true, 200, "delivered", null, TimeSpan.FromMilliseconds(3));

    public static WebhookAttemptResult Failed(int status = 500) => new(false, status, $"http_{status}", $"The receiver answered {status}.", TimeSpan.FromMilliseconds(5));
}
