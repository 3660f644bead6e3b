using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// Which websites may use a channel. A browser names the calling page's origin in <c>Origin</c>; the widget's frame is
/// served by this app, so its own requests carry the app's origin and it names the host page in <c>X-Widget-Host</c>.
/// Either one naming a site the channel does not allow is refused. (A client outside a browser sends neither: it is no
/// cross-site risk, and the rate limits hold it.)
/// </summary>
public static class WidgetOrigins
{
    public const string HostHeader = "X-Widget-Host";

    /// <summary>The origin that is not allowed for the channel, or null when the request may go on.</summary>
    public static string? Refused(HttpRequest request, WebsiteChannel channel)
    {
        var self = Normalize($"{request.Scheme}://{request.Host}");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && Normalize(origin) != self && !Allowed(channel, origin))
            return origin;
        var host = request.Headers[HostHeader].ToString();
        if (host.Length > 0 && !Allowed(channel, host))
            return host;
        return null;
    }

    public static IResult Problem(string origin, WebsiteChannel channel) => Results.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Origin not allowed",
        detail: $"The website '{Clip(origin)}' is not among the allowed origins of the channel '{channel.Name}'. An admin adds it under Channels.");

    private static bool Allowed(WebsiteChannel channel, string origin)
    {
        var wanted = Normalize(origin);
        return wanted is not null && channel.AllowedOrigins.Any(o => Normalize(o) == wanted);
    }

    /// <summary><c>scheme://host[:port]</c>, lower case, without a default port, a path or a trailing slash; null when not an origin.</summary>
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || !Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https"))
            return null;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}".ToLowerInvariant() : $"{uri.Scheme}://{uri.Host}:{uri.Port}".ToLowerInvariant();
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
