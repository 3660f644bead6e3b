using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.CannedResponses;

/// <summary>Canned responses on the REST API under /api/canned-responses, as the caller sees them (the team's and their own).</summary>
internal static class CannedResponseApi
{
    public static IEndpointRouteBuilder MapCannedResponseApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/canned-responses").WithTags("Canned responses").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("", List);
        api.MapGet("/{id:long}", Get);
        api.MapPost("", Create);
        api.MapPut("/{id:long}", Update);
        api.MapDelete("/{id:long}", Delete);
        api.MapGet("/{id:long}/filled", Fill);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<CannedResponseView>>> List(string? search, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct) =>
        TypedResults.Ok(await responses.ListAsync(ChatCaller.From(user), search, ct));

    private static async Task<Ok<CannedResponseView>> Get(long id, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct) =>
        TypedResults.Ok(await responses.GetAsync(ChatCaller.From(user), id, ct));

    private static async Task<Created<CannedResponseView>> Create(
        CannedResponseRequest request, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct)
    {
        var created = await responses.CreateAsync(ChatCaller.From(user), request, ct);
        return TypedResults.Created($"/api/canned-responses/{created.Id}", created);
    }

    private static async Task<Ok<CannedResponseView>> Update(
        long id, CannedResponseRequest request, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct) =>
        TypedResults.Ok(await responses.UpdateAsync(ChatCaller.From(user), id, request, ct));

    private static async Task<NoContent> Delete(long id, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct)
    {
        await responses.DeleteAsync(ChatCaller.From(user), id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>The text with its variables filled for a conversation (<c>?threadId=</c>), and those left unfilled.</summary>
    private static async Task<Ok<FilledCannedResponse>> Fill(
        long id, long threadId, ClaimsPrincipal user, CannedResponseService responses, CancellationToken ct) =>
        TypedResults.Ok(await responses.FillAsync(ChatCaller.From(user), id, threadId, ct));
}
