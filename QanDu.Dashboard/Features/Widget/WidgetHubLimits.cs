using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Hosting;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// Each widget connection may call the hub <c>RateLimits:VisitorHubCallsPerMinute</c> times a sliding minute; over it a
/// call fails with a <see cref="HubException"/> naming the limit, and nothing happens. The services' refusals (a
/// conversation not found, bad input) reach the client as their message, never as an internal error.
/// </summary>
internal sealed class WidgetHubLimits(IOptions<RateLimitOptions> options) : IHubFilter
{
    private const string Key = "qandu.widget.limiter";

    public static void Attach(HubCallerContext context)
    {
        var perMinute = context.GetHttpContext()?.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.VisitorHubCallsPerMinute ?? 120;
        context.Items[Key] = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
        });
    }

    public static void Detach(HubCallerContext context)
    {
        if (context.Items.Remove(Key, out var limiter))
            (limiter as IDisposable)?.Dispose();
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.Context.Items.TryGetValue(Key, out var value) && value is RateLimiter limiter)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
                throw new HubException($"Too many requests: at most {options.Value.VisitorHubCallsPerMinute} widget hub calls a minute per connection (RateLimits:VisitorHubCallsPerMinute).");
        }
        try
        {
            return await next(invocation);
        }
        catch (ChatNotFoundException e)
        {
            throw new HubException(e.Message);
        }
        catch (ChatValidationException e)
        {
            throw new HubException(e.Message);
        }
    }
}
