namespace QanDu.Dashboard.Features.Assistant.Providers;

public enum AiFailureKind
{
    /// <summary>No connection: the server is down, the port closed, the name unknown.</summary>
    Unreachable,
    /// <summary>401/403: the key is wrong or missing.</summary>
    Unauthorized,
    /// <summary>429 after the allowed retries, or a Retry-After longer than the app waits.</summary>
    RateLimited,
    /// <summary>No first token (or no answer) in time.</summary>
    Timeout,
    /// <summary>5xx after the allowed retries.</summary>
    ServerError,
    /// <summary>Another 4xx: the model or deployment is unknown, the request too long...</summary>
    Rejected,
    /// <summary>The connection broke in the middle of a streamed answer.</summary>
    StreamCut,
    /// <summary>The provider sent a chunk that is not valid.</summary>
    MalformedChunk,
    /// <summary>Anything else the provider client threw.</summary>
    Unexpected,
}

/// <summary>
/// Every provider failure, with a message a person can act on. <see cref="TokensReceived"/> says whether part of an
/// answer arrived before it (that part is kept by the caller; the request was not retried).
/// </summary>
public sealed class AiProviderException(AiFailureKind kind, string message, Exception? inner = null,
    TimeSpan? retryAfter = null, int? statusCode = null, bool tokensReceived = false) : Exception(message, inner)
{
    public AiFailureKind Kind { get; } = kind;

    /// <summary>For <see cref="AiFailureKind.RateLimited"/>: how long the provider asked to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public int? StatusCode { get; } = statusCode;

    public bool TokensReceived { get; } = tokensReceived;

    /// <summary>Worth another attempt before any token arrived (never after: the caller would get duplicated text).</summary>
    internal bool IsTransient => Kind is AiFailureKind.Unreachable or AiFailureKind.RateLimited or AiFailureKind.ServerError
        or AiFailureKind.StreamCut;
}
