using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// Signs widget requests (<c>/api/widget</c>, <c>/hubs/widget</c>) in by their visitor token only: the bearer header, or
/// <c>?access_token=</c> on the hub (a browser's WebSocket cannot carry a header). The staff cookie and API keys are
/// never read on these paths (<see cref="WidgetPaths"/>), so a signed-in agent's browser is a visitor here like anyone.
/// A channel that requires identity verification refuses tokens that never proved it.
/// </summary>
internal sealed class VisitorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, VisitorTokens tokens, ChannelLookup channels)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Visitor";
    public const string PolicyName = "Visitor";
    public const string ContactClaim = "qandu.visitor.contact";
    public const string ChannelClaim = "qandu.visitor.channel";
    public const string TokenClaim = "qandu.visitor.token";
    public const string VerifiedClaim = "qandu.visitor.verified";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken(Request) is not { } token)
            return AuthenticateResult.NoResult();
        if (await tokens.FindAsync(token, Context.RequestAborted) is not { } visitor)
            return AuthenticateResult.Fail("The visitor token is unknown or was revoked; start a new session (POST /api/widget/v1/session).");
        if (await channels.FindAsync(visitor.ChannelId, Context.RequestAborted) is not { } channel)
            return AuthenticateResult.Fail("The website channel of this visitor token no longer exists.");
        if (channel.Verification == IdentityVerification.Required && !visitor.Verified)
            return AuthenticateResult.Fail("identity verification failed: this website requires a verified identity (identify with the user's id and its hash).");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, visitor.UserId),
            new Claim(ClaimTypes.Name, visitor.DisplayName),
            new Claim(ContactClaim, visitor.ContactId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ChannelClaim, visitor.ChannelId.ToString(CultureInfo.InvariantCulture)),
            new Claim(TokenClaim, token),
            new Claim(VerifiedClaim, visitor.Verified ? "true" : "false"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Results.Problem(statusCode: 401, title: failure?.StartsWith("identity verification failed", StringComparison.Ordinal) == true ? "identity verification failed" : "No visitor session",
                detail: failure ?? "Send the visitor token from POST /api/widget/v1/session as 'Authorization: Bearer <visitorToken>'.")
            .ExecuteAsync(Context);
    }

    private static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim() is { Length: > 0 } bearer ? bearer : null;
        return request.Path.StartsWithSegments(WidgetPaths.Hub) && request.Query.TryGetValue("access_token", out var query) && query.ToString().Length > 0
            ? query.ToString()
            : null;
    }
}

/// <summary>The visitor a request or hub connection was signed in as (by <see cref="VisitorAuthenticationHandler"/>).</summary>
public sealed record Visitor(long ContactId, long ChannelId, string UserId, string DisplayName, string Token, bool Verified)
{
    public ChatCaller Caller => ChatCaller.Visitor(UserId, DisplayName);

    public static Visitor From(Contact contact, long channelId, string token, bool verified) =>
        new(contact.Id, channelId, contact.UserId, Contacts.ContactService.DisplayName(contact), token, verified);

    public static Visitor From(ClaimsPrincipal user) => new(
        long.Parse(user.FindFirstValue(VisitorAuthenticationHandler.ContactClaim)!, CultureInfo.InvariantCulture),
        long.Parse(user.FindFirstValue(VisitorAuthenticationHandler.ChannelClaim)!, CultureInfo.InvariantCulture),
        user.FindFirstValue(ClaimTypes.NameIdentifier)!,
        user.FindFirstValue(ClaimTypes.Name) ?? "Visitor",
        user.FindFirstValue(VisitorAuthenticationHandler.TokenClaim)!,
        user.FindFirstValue(VisitorAuthenticationHandler.VerifiedClaim) == "true");
}

/// <summary>The paths of the widget's anonymous surface: signed in by visitor token only, never by cookie or API key.</summary>
public static class WidgetPaths
{
    public const string Api = "/api/widget";
    public const string Hub = "/hubs/widget";

    public static bool Applies(HttpRequest request) => request.Path.StartsWithSegments(Api) || request.Path.StartsWithSegments(Hub);
}
