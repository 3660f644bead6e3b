using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.ReadState;

/// <summary>Receipts and read positions on the REST API under /api/chat.</summary>
internal static class ReadStateApi
{
    public static IEndpointRouteBuilder MapReadStateApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/status", SetStatus);
        api.MapGet("/thread/{id:long}/read", GetReaders);
        api.MapPut("/thread/{id:long}/read", SetReadPosition);
        return routes;
    }

    private static async Task<NoContent> SetStatus(SetStatusRequest request, ClaimsPrincipal user, ReadStateService readState, CancellationToken ct)
    {
        await readState.MarkMessageAsync(ChatCaller.From(user), request.MessageId, request.Status, ct);
        return TypedResults.NoContent();
    }

    /// <summary>How far each participant has read (the receipts behind "Seen by").</summary>
    private static async Task<Ok<IReadOnlyList<ReaderView>>> GetReaders(long id, ClaimsPrincipal user, ReadStateService readState, CancellationToken ct) =>
        TypedResults.Ok(await readState.GetReadersAsync(ChatCaller.From(user), id, ct));

    /// <summary>Moves the caller's read position either way: forward marks read, back marks unread.</summary>
    private static async Task<Ok<ReadStateView>> SetReadPosition(
        long id, SetReadPositionRequest request, ClaimsPrincipal user, ReadStateService readState, CancellationToken ct) =>
        TypedResults.Ok(await readState.SetReadPositionAsync(ChatCaller.From(user), id, request.LastReadMessageId, ct));
}
