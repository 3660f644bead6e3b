using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Messages;

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
        api.MapPost("/tool-approval/{id:long}/approve", Approve).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tool-approval/{id:long}/deny", Deny).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>Stops the reply being written; answers the message as stored, its text so far marked stopped.</summary>
    private static async Task<Ok<MessageView>> Stop(
        long id, ClaimsPrincipal user, AssistantService assistant, MessageService messages, CancellationToken ct)
    {
        var caller = ChatCaller.From(user);
        await assistant.StopAsync(caller, id, ct);
        return TypedResults.Ok(await messages.GetMessageAsync(caller, id, ct));
    }

    /// <summary>Writes a failed reply again into the same message; it streams from now on (202).</summary>
    private static async Task<Accepted<MessageView>> Retry(
        long id, ClaimsPrincipal user, AssistantService assistant, MessageService messages, CancellationToken ct)
    {
        var caller = ChatCaller.From(user);
        await assistant.RetryAsync(caller, id, ct);
        return TypedResults.Accepted($"/api/chat/message/{id}/replies", await messages.GetMessageAsync(caller, id, ct));
    }

    /// <summary>Runs a change the assistant asked for, once, with the caller's rights; 409 when it was already decided.</summary>
    private static async Task<Ok<AiToolCard>> Approve(long id, ClaimsPrincipal user, ToolApprovalService approvals, CancellationToken ct) =>
        TypedResults.Ok(await approvals.ApproveAsync(ChatCaller.From(user), id, ct));

    /// <summary>Refuses a change the assistant asked for; nothing runs. 409 when it was already decided.</summary>
    private static async Task<Ok<AiToolCard>> Deny(long id, ClaimsPrincipal user, ToolApprovalService approvals, CancellationToken ct) =>
        TypedResults.Ok(await approvals.DenyAsync(ChatCaller.From(user), id, ct));
}
