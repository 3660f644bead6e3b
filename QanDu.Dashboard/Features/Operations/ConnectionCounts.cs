using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.SignalR;

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

    // Read once per hub type: a connection costs a dictionary look-up, not reflection.
    private static readonly ConcurrentDictionary<Type, HubAudience?> Audiences = new();

    internal void HubConnected(Type hub, int delta)
    {
        var audience = Audiences.GetOrAdd(hub, static type => type.GetCustomAttribute<HubAudienceAttribute>()?.Audience);
        if (audience == HubAudience.Visitor)
            Interlocked.Add(ref _visitors, delta);
        else if (audience == HubAudience.Staff)
            Interlocked.Add(ref _staff, delta);
    }
}

/// <summary>Who connects to a hub, for <see cref="ConnectionCounts"/>.</summary>
public enum HubAudience { Staff, Visitor }

/// <summary>
/// Marks a hub whose connections <see cref="ConnectionCounts"/> counts, by audience. An attribute on the hub rather than
/// its type here, so this low-level folder knows no feature's hub.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HubAudienceAttribute(HubAudience audience) : Attribute
{
    public HubAudience Audience => audience;
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
