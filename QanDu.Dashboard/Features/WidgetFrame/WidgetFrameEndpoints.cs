using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Hosting;

namespace QanDu.Dashboard.Features.WidgetFrame;

/// <summary>
/// The pages of the website widget that the app serves: the frame the loader (wwwroot/widget.js) puts on a website,
/// and, in demo mode, a host page that embeds the widget for the first channel. The loader and the frame's script,
/// style and SignalR client are static files under wwwroot.
/// </summary>
internal static class WidgetFrameEndpoints
{
    public static IEndpointRouteBuilder MapWidgetFrame(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/widget/frame", Frame).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/widget/demo", Demo).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> Frame(string? token, HttpContext http, ChannelLookup channels, CancellationToken ct)
    {
        var channel = token is null ? null : await channels.FindByTokenAsync(token, ct);
        http.Response.Headers.CacheControl = "no-cache";
        if (channel is null)
        {
            http.Response.Headers.ContentSecurityPolicy = WidgetFramePolicy.Unknown;
            return Results.Content(WidgetPages.Unknown, "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }
        http.Response.Headers.ContentSecurityPolicy = WidgetFramePolicy.For(channel);
        var origins = WidgetFramePolicy.Origins(channel.AllowedOrigins);
        return Results.Content(WidgetPages.Frame(channel.WebsiteToken, JsonSerializer.Serialize(origins)), "text/html; charset=utf-8");
    }

    private static async Task<IResult> Demo(HttpContext http, IOptions<DemoOptions> demo, IDbContextFactory<ChatDbContext> dbFactory, CancellationToken ct)
    {
        if (!demo.Value.SeedOnEmptyDatabase)
            return Results.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.Channels.AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        // The page's default policy lets it load the app's own script and frame; nothing else is needed.
        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.PagePolicy;
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Content(WidgetPages.Demo(channel?.WebsiteToken, channel?.Name,
            channel is not null && !channel.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null),
            "text/html; charset=utf-8");
    }

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
