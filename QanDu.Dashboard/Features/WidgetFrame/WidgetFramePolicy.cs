using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Widget;

namespace QanDu.Dashboard.Features.WidgetFrame;

/// <summary>
/// The Content Security Policy of the widget frame: only the app's own script and style, requests only to the app (the
/// visitor API and hub), and framable only by the channel's allowed origins, so another site cannot embed the frame.
/// </summary>
internal static class WidgetFramePolicy
{
    private const string Base =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

    /// <summary>For a channel: its allowed origins may frame it; none listed means nobody may.</summary>
    public static string For(WebsiteChannel channel) => $"{Base}; frame-ancestors {FrameAncestors(channel.AllowedOrigins)}";

    /// <summary>For an unknown website token: nobody may frame the answer.</summary>
    public const string Unknown = Base + "; frame-ancestors 'none'";

    public static string FrameAncestors(IEnumerable<string> allowedOrigins)
    {
        var origins = Origins(allowedOrigins);
        return origins.Count == 0 ? "'none'" : string.Join(' ', origins);
    }

    /// <summary>
    /// The origins as a browser spells them (lower case, no default port), so the frame's own check of its parent's
    /// origin matches; only well-formed ones, since a stray ';' or space would add a directive of its own to the header.
    /// </summary>
    public static IReadOnlyList<string> Origins(IEnumerable<string> allowedOrigins) =>
        [.. allowedOrigins.Where(IsOrigin).Select(o => WidgetOrigins.Normalize(o)!).Distinct(StringComparer.Ordinal)];

    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo)
        && !value.EndsWith('/') && value.All(c => c > ' ' && c != ';' && c != ',' && c != '\'');
}
