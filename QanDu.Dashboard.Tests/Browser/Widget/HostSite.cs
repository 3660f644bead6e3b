using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QanDu.Dashboard.Tests.Browser.Widget;

/// <summary>
/// A customer's website on its own loopback port (another origin than the app): <c>/host.html?token=…</c> embeds the
/// widget with the documented snippet — the queue stub first, so page-API calls made before the loader arrives are kept.
/// </summary>
public sealed class HostSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>For example http://127.0.0.1:41235 (no trailing slash: an origin as a channel lists it).</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public string PageUrl(string websiteToken) => $"{OriginText}/host.html?token={Uri.EscapeDataString(websiteToken)}";

    public static async Task<HostSite> StartAsync(Uri app)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var site = builder.Build();
        var appOrigin = app.GetLeftPart(UriPartial.Authority);
        site.MapGet("/host.html", (string token) => Results.Content(Page(appOrigin, token), "text/html; charset=utf-8"));
        site.MapGet("/favicon.ico", () => Results.NoContent());
        await site.StartAsync();
        var address = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostSite(site, new Uri(address));
    }

    private static string Page(string appOrigin, string token) => $$$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Outdoor Gear</title></head>
        <body>
        <h1>Acme Outdoor Gear</h1>
        <p>Tents, stoves and boots. Questions? The chat is in the corner.</p>
        <script>window.qandu=window.qandu||{q:[]};["open","close","identify","setAttributes","on"].forEach(function(m){qandu[m]=qandu[m]||function(){qandu.q.push([m,[].slice.call(arguments)])}});</script>
        <script>window.received=[];qandu.on('message',function(m){window.received.push(m)});qandu.setAttributes({plan:'Trail'});</script>
        <script src="{{{appOrigin}}}/widget.js" data-website-token="{{{WebUtility.HtmlEncode(token)}}}" defer></script>
        </body>
        </html>
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
