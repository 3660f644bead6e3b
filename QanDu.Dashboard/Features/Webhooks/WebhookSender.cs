using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// Sends one signed delivery (<see cref="WebhookSignature"/>) with one long-lived handler whose connection callback
/// resolves, checks (<see cref="WebhookTargets"/>) and connects to a checked address, so DNS rebinding between check and
/// connect cannot reach a private address. Redirects (at most 3) are followed here, each new target checked again; no
/// proxy (it would connect on our behalf). Never throws for a receiver's fault; cancelling <c>ct</c> (shutdown) does throw.
/// </summary>
public sealed class WebhookSender : IWebhookSender, IDisposable
{
    private const int MaxRedirects = 3;
    private const int ResponseReadLimit = 4096;
    private const int ResponseShownLimit = 500;

    private readonly HttpClient _http;
    private readonly WebhookTargets _targets;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    internal WebhookSender(WebhookTargets targets, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _targets = targets;
        _clock = clock;
        _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Short-lived connections: a receiver's DNS change (or an allowed host removed) is seen within a minute.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public WebhookSender(WebhookAllowList allowList, IOptions<WebhookOptions> options, TimeProvider clock)
        : this(new WebhookTargets(allowList), options, clock)
    {
    }

    public async Task<WebhookAttemptResult> SendAsync(WebhookRequest request, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        WebhookAttemptResult Result(bool delivered, int? status, string outcome, string? error, bool permanent = false) =>
            new(delivered, status, outcome, error, Stopwatch.GetElapsedTime(started), permanent);

        if (UrlProblem(request.Url) is { } problem)
            return Result(false, null, "invalid_url", $"{problem}; correct the subscription's URL.", permanent: true);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(request.Secret, timestamp, request.Payload);
        // Network time is wall-clock time, whatever TimeProvider the signature's timestamp comes from.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(_timeout);
        var url = request.Url;
        for (var hop = 0; ; hop++)
        {
            try
            {
                await _targets.ResolveAsync(url.IdnHost, attempt.Token);
                using var message = Message(url, request, timestamp, signature);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (response.Headers.Location is not { } location)
                        return Result(false, status, $"http_{status}", $"The receiver answered {status} (a redirect) without a Location header; correct the subscription's URL.");
                    if (hop == MaxRedirects)
                        return Result(false, status, "too_many_redirects", $"The receiver redirected more than {MaxRedirects} times (last to {Show(location)}); point the subscription at the final URL.");
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (UrlProblem(next) is { } redirectProblem)
                        return Result(false, status, "refused_redirect", $"The receiver redirected to {Show(next)}: {redirectProblem}.", permanent: true);
                    url = next;
                    continue;
                }
                var excerpt = await ReadExcerptAsync(response, attempt.Token);
                if (response.IsSuccessStatusCode)
                    return Result(true, status, "delivered", null);
                return Result(false, status, $"http_{status}", $"The receiver answered {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? $": {excerpt}" : ".")}");
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Result(false, null, "timeout", $"The receiver at {Show(url)} did not answer within {_timeout.TotalSeconds:0} seconds (Webhooks:TimeoutSeconds).");
            }
            catch (Exception ex) when (Target(ex) is { } refused)
            {
                var outcome = hop > 0 && refused.Outcome == "refused_address" ? "refused_redirect" : refused.Outcome;
                var message = hop > 0 ? $"The receiver redirected to {Show(url)}, where {refused.Message}" : refused.Message;
                return Result(false, null, outcome, message, permanent: outcome != "unresolved");
            }
            catch (HttpRequestException ex)
            {
                return Result(false, null, "connection_failed", $"Could not reach {Show(url)}: {Reason(ex)}.");
            }
            catch (IOException ex)
            {
                return Result(false, null, "connection_failed", $"The connection to {Show(url)} broke: {ex.Message}.");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await _targets.ResolveAsync(context.DnsEndPoint.Host, ct);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private static HttpRequestMessage Message(Uri url, WebhookRequest request, long timestamp, string signature)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url)
        {
            // Every hop gets the same signed body: the receiver that moved still gets (and can verify) the delivery.
            Content = new StringContent(request.Payload, Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("User-Agent", WebhookSignature.UserAgent);
        message.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, signature);
        message.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, request.DeliveryId.ToString());
        message.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, request.Event);
        return message;
    }

    private static string? UrlProblem(Uri url)
    {
        if (!url.IsAbsoluteUri)
            return $"\"{url}\" is not an absolute URL";
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            return $"{url.Scheme}: URLs cannot receive webhooks (only http and https)";
        if (url.IdnHost.Length == 0)
            return "the URL has no host";
        return null;
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseReadLimit];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        var text = string.Join(' ', Encoding.UTF8.GetString(buffer, 0, read).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= ResponseShownLimit ? text : text[..ResponseShownLimit] + "…";
    }

    private static WebhookTargetException? Target(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is WebhookTargetException target)
                return target;
        }
        return null;
    }

    private static string Reason(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return $"{socket.SocketErrorCode} ({socket.Message})";
        }
        return ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError} ({ex.Message})";
    }

    // Only scheme, host, port and path: a URL's query may hold a receiver's token, which does not belong in the log.
    private static string Show(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.ToString();
}
