using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// How a delivery is signed, and how a receiver checks it: <c>X-QanDu-Signature: sha256=&lt;hex&gt;</c> is the lowercase hex
/// HMAC-SHA256 of <c>"{timestamp}.{body}"</c> (UTF-8) keyed with the subscription's secret; <c>X-QanDu-Timestamp</c> is the
/// unix time in seconds when the attempt was signed. A receiver refuses a timestamp outside its tolerance (replays) and a
/// <c>X-QanDu-Delivery</c> id it has already handled (duplicates: the id stays the same across retries).
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-QanDu-Signature";
    public const string TimestampHeader = "X-QanDu-Timestamp";
    public const string DeliveryHeader = "X-QanDu-Delivery";
    public const string EventHeader = "X-QanDu-Event";
    public const string UserAgent = "QanDu-Webhooks/1";
    public const string Prefix = "sha256=";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The signature header's value for a body sent at <paramref name="timestamp"/> (unix seconds).</summary>
    public static string Sign(string secret, long timestamp, string body) =>
        Prefix + Convert.ToHexStringLower(Mac(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/> (the
    /// headers' raw values) and the timestamp is within <paramref name="tolerance"/> (default 5 minutes) of
    /// <paramref name="now"/>. Compares in constant time.
    /// </summary>
    public static bool Verify(string secret, string? timestamp, string body, string? signature, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(secret) || signature is null || !signature.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sentAt).Duration() > (tolerance ?? DefaultTolerance))
            return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Mac(secret, timestamp!, body), given);
    }

    private static byte[] Mac(string secret, string timestamp, string body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
}
