using static QanDu.Dashboard.Features.WidgetFrame.WidgetFrameEndpoints;

namespace QanDu.Dashboard.Features.WidgetFrame;

/// <summary>The HTML of the widget frame and the demo host page: markup only, no inline script or style.</summary>
internal static class WidgetPages
{
    public const string Unknown =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unknown widget</title></head>" +
        "<body><p>This chat widget is not set up (unknown website token).</p></body></html>";

    /// <summary>The frame: its script reads the website token and allowed origins from the body's data attributes.</summary>
    public static string Frame(string websiteToken, string allowedOriginsJson) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Chat</title>
        <link rel="stylesheet" href="/widget/frame.css">
        <script src="/widget/signalr.min.js" defer></script>
        <script src="/widget/frame.js" defer></script>
        </head>
        <body data-website-token="{{Encode(websiteToken)}}" data-allowed-origins="{{Encode(allowedOriginsJson)}}">
        <main id="qd-app" class="qd-app" aria-label="Chat"><p class="qd-loading" role="status">Loading…</p></main>
        </body>
        </html>
        """;

    /// <summary>
    /// A plain page standing in for a customer's website. <paramref name="missingOrigin"/>: this page's origin, when the
    /// channel does not allow it yet (the widget would refuse to load, so the page says what to add).
    /// </summary>
    public static string Demo(string? websiteToken, string? channelName, string? missingOrigin)
    {
        var body = websiteToken is null
            ? "<p class=\"demo-warning\">There is no website channel yet. Create one under Admin → Channels, then reload this page.</p>"
            : $"<p>This page plays a customer's website. The chat button in the corner is the widget of the channel " +
              $"<strong>{Encode(channelName)}</strong>. Write a message, then answer it from the inbox in another tab.</p>" +
              (missingOrigin is null ? "" : $"<p class=\"demo-warning\">The channel does not allow <code>{Encode(missingOrigin)}</code> " +
                  "yet: add it to the channel's allowed origins (Admin → Channels) so the widget can load here.</p>") +
              $"<pre><code>&lt;script src=\"/widget.js\" data-website-token=\"{Encode(websiteToken)}\" defer&gt;&lt;/script&gt;</code></pre>" +
              $"<script src=\"/widget.js\" data-website-token=\"{Encode(websiteToken)}\" defer></script>";
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Widget demo — QanDu</title>
            <link rel="stylesheet" href="/widget/demo.css">
            </head>
            <body>
            <h1>Acme Outdoor Gear</h1>
            {{body}}
            </body>
            </html>
            """;
    }
}
