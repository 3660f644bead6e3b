using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Channels;

/// <summary>A channel on the API, with its embed snippet for the app's address as the caller reached it.</summary>
public sealed record ChannelResponse(ChannelView Channel, string EmbedSnippet);

/// <summary>Website channels on the REST API, admins only, under /api/admin/channels; the same rules as the channels page.</summary>
internal static class ChannelApi
{
    public static IEndpointRouteBuilder MapChannelApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/channels").WithTags("Channels")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("", List);
        admin.MapPost("", Create);
        admin.MapGet("/{id:long}", Get);
        admin.MapPut("/{id:long}", Update);
        admin.MapDelete("/{id:long}", Delete);
        admin.MapPost("/{id:long}/rotate-token", RotateToken);
        admin.MapPost("/{id:long}/rotate-secret", RotateSecret);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<ChannelResponse>>> List(HttpContext http, ChannelService channels, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ChannelResponse>>([.. (await channels.ListAsync(ChatCaller.From(http.User), ct)).Select(c => Response(http, c))]);

    private static async Task<Ok<ChannelResponse>> Get(long id, HttpContext http, ChannelService channels, CancellationToken ct) =>
        TypedResults.Ok(Response(http, await channels.GetAsync(ChatCaller.From(http.User), id, ct)));

    private static async Task<Created<ChannelResponse>> Create(SaveChannelRequest request, HttpContext http, ChannelService channels, CancellationToken ct)
    {
        var channel = await channels.CreateAsync(ChatCaller.From(http.User), Actor(http), request, ct);
        return TypedResults.Created($"/api/admin/channels/{channel.Id}", Response(http, channel));
    }

    private static async Task<Ok<ChannelResponse>> Update(long id, SaveChannelRequest request, HttpContext http, ChannelService channels, CancellationToken ct) =>
        TypedResults.Ok(Response(http, await channels.UpdateAsync(ChatCaller.From(http.User), Actor(http), id, request, ct)));

    private static async Task<NoContent> Delete(long id, HttpContext http, ChannelService channels, CancellationToken ct)
    {
        await channels.DeleteAsync(ChatCaller.From(http.User), Actor(http), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ChannelResponse>> RotateToken(long id, HttpContext http, ChannelService channels, CancellationToken ct) =>
        TypedResults.Ok(Response(http, await channels.RotateTokenAsync(ChatCaller.From(http.User), Actor(http), id, ct)));

    private static async Task<Ok<ChannelResponse>> RotateSecret(long id, HttpContext http, ChannelService channels, CancellationToken ct) =>
        TypedResults.Ok(Response(http, await channels.RotateSecretAsync(ChatCaller.From(http.User), Actor(http), id, ct)));

    private static ChannelResponse Response(HttpContext http, ChannelView channel) =>
        new(channel, ChannelSnippet.For($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}", channel.WebsiteToken));

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
