using Microsoft.AspNetCore.Http.Features;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// The widget surface's checks before any endpoint or the hub runs: a signed-in visitor's request (API calls, the hub's
/// negotiate and WebSocket) from a website the channel does not allow is refused (403 naming it), and JSON bodies are
/// held to <see cref="MaxJsonBytes"/>. The session checks the origin itself: its channel comes from its body.
/// </summary>
internal static class WidgetGuard
{
    public const long MaxJsonBytes = 64 * 1024;

    public static IApplicationBuilder UseWidgetGuard(this IApplicationBuilder app) =>
        app.UseWhen(context => WidgetPaths.Applies(context.Request), widget => widget.Use(GuardAsync));

    private static async Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(WidgetPaths.Api) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !request.Path.StartsWithSegments(WidgetApi.Prefix + "/files"))
        {
            if (request.ContentLength > MaxJsonBytes)
            {
                await Results.Problem(statusCode: 413, title: "Request too large",
                    detail: $"{request.Method} {request.Path} accepts JSON bodies of at most {MaxJsonBytes:N0} bytes; this one has {request.ContentLength:N0} bytes.").ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = MaxJsonBytes;
        }
        if (context.User.FindFirst(VisitorAuthenticationHandler.ChannelClaim) is not null)
        {
            var visitor = Visitor.From(context.User);
            var channel = await context.RequestServices.GetRequiredService<ChannelLookup>().FindAsync(visitor.ChannelId, context.RequestAborted);
            if (channel is not null && WidgetOrigins.Refused(request, channel) is { } origin)
            {
                await WidgetOrigins.Problem(origin, channel).ExecuteAsync(context);
                return;
            }
        }
        await next();
    }
}
