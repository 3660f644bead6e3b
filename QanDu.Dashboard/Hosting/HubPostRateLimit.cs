using Microsoft.AspNetCore.SignalR;
using QanDu.Dashboard.Features.Integrations;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// <see cref="ChatHub.SendMessage"/> counts against the same per-person and per-key limits as <c>POST /api/chat/message</c>
/// (<see cref="ApiRateLimiter.TryAcquirePost"/>): a hub is not a way around the REST API's limits. Over a limit the call
/// fails with a <see cref="HubException"/> that names the limit; nothing is posted.
/// </summary>
internal sealed class HubPostRateLimit(ApiRateLimiter limiter) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (invocationContext.HubMethodName == nameof(ChatHub.SendMessage)
            && context.User is { } user
            && limiter.TryAcquirePost(user, context.GetHttpContext()?.Connection.RemoteIpAddress) is { } refusal)
            throw new HubException($"Too many requests: {refusal}");
        return next(invocationContext);
    }
}
