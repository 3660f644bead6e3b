namespace QanDu.Dashboard.Features.Channels;

/// <summary>
/// Website origins as a channel stores them: <c>scheme://host[:port]</c>, lower case, the default port left out, no
/// trailing slash, so the visitor API can compare a request's <c>Origin</c> header with a plain string comparison.
/// </summary>
public static class ChannelOrigins
{
    public const int MaxLength = 200;

    /// <summary>The normalized origin, or why <paramref name="text"/> is not one (in words for the admin).</summary>
    public static (string? Origin, string? Problem) Normalize(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
            return (null, "An origin is empty: remove the blank line.");
        if (value == "*" || value.Contains('*'))
            return (null, $"\"{value}\": wildcards are not allowed; list each website origin, e.g. https://shop.example.com.");
        if (value.Length > MaxLength)
            return (null, $"\"{value[..40]}…\" is longer than {MaxLength} characters.");
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || !value.Contains("://", StringComparison.Ordinal))
            return (null, $"\"{value}\" is not an http(s) origin; write it as https://shop.example.com (scheme and host, optionally a port).");
        if (uri.UserInfo.Length > 0)
            return (null, $"\"{value}\" has a user name in it; an origin is only scheme://host[:port].");
        var afterAuthority = value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var rest = afterAuthority.IndexOfAny(['/', '?', '#']);
        if (rest >= 0 && afterAuthority[rest..] != "/")
            return (null, $"\"{value}\" has a path, query or fragment; an origin is only scheme://host[:port], e.g. {Origin(uri)}.");
        return (Origin(uri), null);
    }

    private static string Origin(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost.Trim('[', ']')}]" : uri.IdnHost;
        var origin = $"{uri.Scheme}://{host.ToLowerInvariant()}";
        return uri.IsDefaultPort ? origin : $"{origin}:{uri.Port}";
    }
}
