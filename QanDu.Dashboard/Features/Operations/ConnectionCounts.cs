using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;
using QanDu.Dashboard.Features.Integrations;
using QanDu.Dashboard.Features.Widget;

namespace QanDu.Dashboard.Features.Operations;

/// <summary>
/// Open Blazor circuits and hub connections by kind (staff integrations on <c>/hubs/chat</c>, visitors on
/// <c>/hubs/widget</c>), counted as they open and close: the health page and the <c>qandu.circuits</c> and
/// <c>qandu.hub.connections</c> metrics.
/// </summary>
public sealed class ConnectionCounts
{
    private long _circuits;
    private long _staff;
    private long _visitors;

    public long Circuits => Interlocked.Read(ref _circuits);
    public long StaffHubConnections => Interlocked.Read(ref _staff);
    public long VisitorHubConnections => Interlocked.Read(ref _visitors);

    internal void CircuitOpened() => Interlocked.Increment(ref _circuits);
    internal void CircuitClosed() => Interlocked.Decrement(ref _circuits);

    internal void HubConnected(Type hub, int delta)
    {
        if (hub == typeof(WidgetHub))
            Interlocked.Add(ref _visitors, delta);
        else if (hub == typeof(ChatHub))
            Interlocked.Add(ref _staff, delta);
    }
}

/// <summary>Counts circuits for <see cref="ConnectionCounts"/>.</summary>
internal sealed class CountingCircuitHandler(ConnectionCounts counts) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counts.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counts.CircuitClosed();
        return Task.CompletedTask;
    }
}

/// <summary>Counts hub connections for <see cref="ConnectionCounts"/> (a global hub filter).</summary>
internal sealed class CountingHubFilter(ConnectionCounts counts) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        counts.HubConnected(context.Hub.GetType(), +1);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            counts.HubConnected(context.Hub.GetType(), -1);
        }
    }
}
