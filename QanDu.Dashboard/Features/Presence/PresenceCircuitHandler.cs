using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>
/// Counts a signed-in user's connected tabs: one per circuit while its connection is up. A dropped connection counts
/// as gone (the circuit may linger for minutes waiting for a reconnect that never comes); a reconnect counts again.
/// </summary>
internal sealed class PresenceCircuitHandler(PresenceService presence, AuthenticationStateProvider authentication) : CircuitHandler
{
    private string? _userId;
    private bool _counted;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        _userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await CountAsync(cancellationToken);
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) => CountAsync(cancellationToken);

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Uncount();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Uncount();
        return Task.CompletedTask;
    }

    private async Task CountAsync(CancellationToken ct)
    {
        if (_userId is null || _counted)
            return;
        _counted = true;
        await presence.ConnectedAsync(_userId, ct);
    }

    private void Uncount()
    {
        if (_userId is null || !_counted)
            return;
        _counted = false;
        presence.Disconnected(_userId);
    }
}
