using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Integrations;

/// <summary>
/// The open connections of <c>/hubs/chat</c>: each one's caller, sign-in and thread subscriptions. Watches
/// <see cref="AccessChanged"/> (one bus subscription for all of them) and aborts the connections of a person whose
/// session ended, who was deactivated or whose roles changed, and those opened with a key that was revoked.
/// </summary>
public sealed class IntegrationConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, IntegrationConnection> _open = new(StringComparer.Ordinal);
    private readonly ThreadFeed _feed;
    private readonly IHubContext<ChatHub> _hub;
    private readonly UserSessions _sessions;
    private readonly ApiKeyService _keys;
    private readonly IOptions<IdentityOptions> _identity;
    private readonly ILogger<IntegrationConnections> _logger;
    private readonly IDisposable _accessWatch;

    public IntegrationConnections(ThreadFeed feed, IHubContext<ChatHub> hub, IChatEvents events, UserSessions sessions, ApiKeyService keys,
        IOptions<IdentityOptions> identity, ILogger<IntegrationConnections> logger)
    {
        _feed = feed;
        _hub = hub;
        _sessions = sessions;
        _keys = keys;
        _identity = identity;
        _logger = logger;
        _accessWatch = events.Subscribe(null, e => e is AccessChanged changed ? CheckUserAsync(changed.UserId) : Task.CompletedTask);
    }

    /// <summary>
    /// Registers a connection and checks its sign-in once (a change between signing in and now published nothing it heard).
    /// A person without a staff role (a customer) has no business on this hub: their connection is aborted.
    /// </summary>
    public async Task OpenAsync(HubCallerContext context, CancellationToken ct)
    {
        var user = context.User ?? new ClaimsPrincipal();
        var caller = ChatCaller.From(user);
        var connection = new IntegrationConnection(context, caller, SignInOf(user), _feed, _hub);
        _open[context.ConnectionId] = connection;
        if (!caller.IsStaff || !await IsValidAsync(connection, ct))
            connection.Abort();
    }

    public void Close(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var connection))
            connection.Dispose();
    }

    /// <summary>The connection a hub call came on (it is registered before any call can arrive).</summary>
    public IntegrationConnection Of(HubCallerContext context) =>
        _open.TryGetValue(context.ConnectionId, out var connection)
            ? connection
            : throw new HubException("The connection is closing; connect again.");

    private async Task CheckUserAsync(string userId)
    {
        foreach (var connection in _open.Values.Where(c => c.Caller.UserId == userId))
        {
            bool valid;
            try
            {
                valid = await IsValidAsync(connection, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Could not check hub connection {ConnectionId} of {UserId} after their access changed; aborting it to be safe",
                    connection.Id, userId);
                valid = false;
            }
            if (!valid)
            {
                _logger.LogInformation("Hub connection {ConnectionId} of {UserId}: access changed, connection aborted", connection.Id, userId);
                connection.Abort();
            }
        }
    }

    /// <summary>Whether the sign-in the connection was opened with still holds, with the roles it was opened with.</summary>
    private async Task<bool> IsValidAsync(IntegrationConnection connection, CancellationToken ct)
    {
        var signIn = connection.SignIn;
        var holds = signIn.ApiKeyId is { } keyId
            ? await _keys.IsLiveAsync(keyId, ct)
            : signIn.SessionId is { } sessionId
              && await _sessions.CheckAsync(connection.Caller.UserId, sessionId, signIn.Stamp, signIn.AccessVersion, ct) != SessionState.Ended;
        return holds && (await _sessions.RolesOfAsync(connection.Caller.UserId, ct)).SetEquals(signIn.Roles);
    }

    private HubSignIn SignInOf(ClaimsPrincipal user)
    {
        var claims = _identity.Value.ClaimsIdentity;
        return new HubSignIn(
            long.TryParse(user.FindFirstValue(AppClaims.ApiKeyId), NumberStyles.None, CultureInfo.InvariantCulture, out var keyId) ? keyId : null,
            user.FindFirstValue(AppClaims.SessionId),
            user.FindFirstValue(claims.SecurityStampClaimType),
            SignedInSessions.AccessVersionOf(user),
            user.FindAll(claims.RoleClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        _accessWatch.Dispose();
        foreach (var connection in _open.Values)
            connection.Dispose();
    }
}

/// <summary>How a connection signed in: by an API key, or by a browser session (with the cookie's stamp and access version).</summary>
public sealed record HubSignIn(long? ApiKeyId, string? SessionId, string? Stamp, int AccessVersion, IReadOnlySet<string> Roles);

/// <summary>One open connection: who it is, and the threads it follows.</summary>
public sealed class IntegrationConnection(HubCallerContext context, ChatCaller caller, HubSignIn signIn, ThreadFeed feed, IHubContext<ChatHub> hub)
    : IDisposable
{
    /// <summary>Enough for any dashboard-like client; a client following more is likely leaking subscriptions.</summary>
    public const int MaxSubscriptions = 1000;

    private readonly ConcurrentDictionary<long, IDisposable> _subscriptions = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public string Id => context.ConnectionId;

    public ChatCaller Caller { get; } = caller;

    public HubSignIn SignIn { get; } = signIn;

    public ThreadFeed Feed => feed;

    public async Task SubscribeAsync(long threadId, CancellationToken ct)
    {
        if (_subscriptions.ContainsKey(threadId))
            return;
        if (_subscriptions.Count >= MaxSubscriptions)
            throw new HubException($"Invalid request: a connection follows at most {MaxSubscriptions} threads; unsubscribe from some first.");
        var client = hub.Clients.Client(context.ConnectionId);
        var subscription = await feed.SubscribeAsync(Caller, threadId, e =>
        {
            if (e.Name == FeedEventNames.SubscriptionEnded)
                _subscriptions.TryRemove(threadId, out _); // the feed ended itself; subscribing again checks access again
            return client.SendAsync(e.Name, e.Payload, CancellationToken.None);
        }, ct);
        lock (_gate)
        {
            if (_disposed || !_subscriptions.TryAdd(threadId, subscription))
                subscription.Dispose(); // the connection closed meanwhile, or a concurrent call subscribed first
        }
    }

    public void Unsubscribe(long threadId)
    {
        if (_subscriptions.TryRemove(threadId, out var subscription))
            subscription.Dispose();
    }

    public void Abort() => context.Abort();

    public void Dispose()
    {
        lock (_gate)
            _disposed = true;
        foreach (var threadId in _subscriptions.Keys)
            Unsubscribe(threadId);
    }
}
