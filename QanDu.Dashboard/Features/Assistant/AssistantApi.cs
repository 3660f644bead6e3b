using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant;

/// <summary>Stop and Retry of the assistant's replies on the REST API, under the same /api/chat group rules.</summary>
internal static class AssistantApi
{
    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/message/{id:long}/stop", Stop);
        api.MapPost("/message/{id:long}/retry", Retry);
        return routes;
    }

    /// <summary>Stops the reply being written; answers the message as stored, its text so far marked stopped.</summary>
    private static async Task<Ok<MessageView>> Stop(
        long id, ClaimsPrincipal user, AssistantService assistant, ConversationService chat, CancellationToken ct)
    {
        var caller = ChatCaller.From(user);
        await assistant.StopAsync(caller, id, ct);
        return TypedResults.Ok(await chat.GetMessageAsync(caller, id, ct));
    }

    /// <summary>Writes a failed reply again into the same message; it streams from now on (202).</summary>
    private static async Task<Accepted<MessageView>> Retry(
        long id, ClaimsPrincipal user, AssistantService assistant, ConversationService chat, CancellationToken ct)
    {
        var caller = ChatCaller.From(user);
        await assistant.RetryAsync(caller, id, ct);
        return TypedResults.Accepted($"/api/chat/message/{id}/replies", await chat.GetMessageAsync(caller, id, ct));
    }
}
