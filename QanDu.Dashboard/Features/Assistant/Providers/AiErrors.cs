using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>Turns what the OpenAI/Azure clients throw into <see cref="AiProviderException"/> with an actionable message.</summary>
internal sealed class AiErrors(string endpoint, string keySetting, string modelSetting, string endpointSetting)
{
    public string Endpoint => endpoint;

    public static AiErrors For(AiOptions options) => options.Provider == AiProviderKind.AzureOpenAI
        ? new(options.AzureOpenAI.Endpoint ?? "", "Ai:AzureOpenAI:ApiKey", "Ai:AzureOpenAI:Deployment", "Ai:AzureOpenAI:Endpoint")
        : new(options.OpenAI.Endpoint ?? "", "Ai:OpenAI:ApiKey", "Ai:OpenAI:Model", "Ai:OpenAI:Endpoint");

    public AiProviderException Translate(Exception ex, bool tokensReceived, TimeSpan? timeout = null)
    {
        switch (ex)
        {
            case AiProviderException known:
                return known;
            case OperationCanceledException when timeout is not null:
                return Timeout(timeout.Value, ex, tokensReceived);
            case ClientResultException { Status: > 0 } result:
                return FromStatus(result.Status, ProviderMessage(result), RetryAfter(result), ex);
            case ClientResultException { InnerException: { } inner }:
                return Translate(inner, tokensReceived, timeout);
            case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
            case HttpIOException:
            case IOException:
                return Cut(ex, tokensReceived);
            case HttpRequestException http when tokensReceived:
                return Cut(http, tokensReceived);
            case HttpRequestException http:
                var reason = http.InnerException is SocketException socket ? socket.Message : http.Message;
                return new(AiFailureKind.Unreachable,
                    $"The AI provider at {endpoint} cannot be reached ({reason}). Check that it is running and {endpointSetting}.", ex);
            case JsonException or FormatException or KeyNotFoundException:
                return new(AiFailureKind.MalformedChunk,
                    $"The AI provider at {endpoint} sent a part of the answer that could not be read ({ex.Message}).", ex,
                    tokensReceived: tokensReceived);
            case OperationCanceledException:
                return Timeout(null, ex, tokensReceived);
            default:
                return new(AiFailureKind.Unexpected, $"The AI provider at {endpoint} failed: {ex.Message}", ex,
                    tokensReceived: tokensReceived);
        }
    }

    public AiProviderException FromStatus(int status, string? detail, TimeSpan? retryAfter, Exception? inner = null)
    {
        var said = string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";
        return status switch
        {
            401 or 403 => new(AiFailureKind.Unauthorized,
                $"The AI provider at {endpoint} refused the key ({status}{said}). Check {keySetting}.", inner, statusCode: status),
            429 => new(AiFailureKind.RateLimited,
                $"The AI provider at {endpoint} is limiting requests (429{said})." +
                (retryAfter is { } wait ? $" It asks to wait {Math.Ceiling(wait.TotalSeconds):0} s." : " Try again shortly."),
                inner, retryAfter, status),
            >= 500 => new(AiFailureKind.ServerError, $"The AI provider at {endpoint} failed ({status}{said}).", inner, statusCode: status),
            _ => new(AiFailureKind.Rejected,
                $"The AI provider at {endpoint} rejected the request ({status}{said}). Check {modelSetting}.", inner, statusCode: status),
        };
    }

    /// <summary>No answer in time; <paramref name="setting"/> names the setting that bounds this wait (null: a fixed wait, e.g. the health probe).</summary>
    public AiProviderException Timeout(TimeSpan? timeout, Exception? inner, bool tokensReceived = false,
        string? setting = "Ai:FirstTokenTimeout") => new(AiFailureKind.Timeout,
        timeout is { } t
            ? $"The AI provider at {endpoint} sent nothing within {t.TotalSeconds:0.#} s. It may be overloaded" +
              (setting is null ? "." : $"; check {setting}.")
            : $"The AI provider at {endpoint} did not answer in time. It may be overloaded; check Ai:Timeout.", inner,
        tokensReceived: tokensReceived);

    public AiProviderException StreamEndedEarly(bool tokensReceived) => Cut(null, tokensReceived);

    private AiProviderException Cut(Exception? ex, bool tokensReceived) => new(AiFailureKind.StreamCut,
        tokensReceived
            ? $"The connection to the AI provider at {endpoint} was cut in the middle of the answer; the text so far is kept."
            : $"The connection to the AI provider at {endpoint} was cut before the answer started.", ex, tokensReceived: tokensReceived);

    private static string? ProviderMessage(ClientResultException result)
    {
        try
        {
            var content = result.GetRawResponse()?.Content;
            if (content is null || content.ToMemory().Length == 0)
                return null;
            using var json = JsonDocument.Parse(content.ToMemory());
            return json.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message)
                ? message.GetString()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null; // the body is not OpenAI's error shape: the status alone has to do
        }
    }

    private static TimeSpan? RetryAfter(ClientResultException result)
    {
        var headers = result.GetRawResponse()?.Headers;
        if (headers is null)
            return null;
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, CultureInfo.InvariantCulture, out var millis))
            return TimeSpan.FromMilliseconds(millis);
        if (!headers.TryGetValue("Retry-After", out var value) || value is null)
            return null;
        if (double.TryParse(value, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        return RetryConditionHeaderValue.TryParse(value, out var parsed) && parsed.Date is { } date
            ? date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero
            : null;
    }
}
