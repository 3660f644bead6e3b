using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>Messages on the REST API under /api/chat: the same services the UI uses, signed in by cookie or API key.</summary>
internal static class MessageApi
{
    public static IEndpointRouteBuilder MapMessageApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/message", PostMessage).ProducesProblem(StatusCodes.Status507InsufficientStorage);
        api.MapPut("/message/{id:long}", EditMessage);
        api.MapDelete("/message/{id:long}", DeleteMessage);
        api.MapGet("/message/{id:long}/replies", GetReplies);
        api.MapGet("/history", GetHistory);
        return routes;
    }

    private static async Task<Results<Created<MessageView>, Ok<MessageView>>> PostMessage(
        PostMessageRequest request, ClaimsPrincipal user, MessageService messages, CancellationToken ct)
    {
        var outcome = await messages.PostAsync(ChatCaller.From(user), request, ct);
        // A retry with the same key answers 200 with the message it already stored.
        return outcome.Created
            ? TypedResults.Created($"/api/chat/message/{outcome.Message.Id}", outcome.Message)
            : TypedResults.Ok(outcome.Message);
    }

    private static async Task<Ok<MessageView>> EditMessage(
        long id, EditMessageRequest request, ClaimsPrincipal user, MessageEditService edits, CancellationToken ct) =>
        TypedResults.Ok(await edits.EditAsync(ChatCaller.From(user), id, request.Content, ct));

    private static async Task<Ok<MessageView>> DeleteMessage(long id, HttpContext http, MessageEditService edits, CancellationToken ct) =>
        TypedResults.Ok(await edits.DeleteAsync(ChatCaller.From(http.User), id, AuditActor.From(http.User, http.Connection.RemoteIpAddress), ct));

    private static async Task<Ok<MessagePage>> GetHistory(
        long threadId, long? before, int? limit, ClaimsPrincipal user, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.GetHistoryAsync(ChatCaller.From(user), threadId, before, limit, ct));

    private static async Task<Ok<ReplyChain>> GetReplies(long id, int? limit, ClaimsPrincipal user, MessageService messages, CancellationToken ct) =>
        TypedResults.Ok(await messages.GetRepliesAsync(ChatCaller.From(user), id, limit, ct));
}
