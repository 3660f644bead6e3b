using Microsoft.AspNetCore.SignalR;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Integrations;

/// <summary>
/// The services' refusals as the hub's errors, with the same words the REST API's problem details use (a thread the
/// caller may not see is "not found", as on REST). Anything else stays SignalR's generic error: no internals leak.
/// </summary>
public sealed class IntegrationHubErrors : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (ChatNotFoundException e)
        {
            throw new HubException($"Not found: {e.Message}");
        }
        catch (ChatValidationException e)
        {
            throw new HubException($"Invalid request: {e.Message}");
        }
        catch (ChatForbiddenException e)
        {
            throw new HubException($"Not allowed: {e.Message}");
        }
        catch (ChatConflictException e)
        {
            throw new HubException($"{e.Title}: {e.Message}");
        }
    }
}
