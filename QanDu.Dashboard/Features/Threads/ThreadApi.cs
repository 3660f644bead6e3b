using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>Threads and the inbox on the REST API under /api/chat: the same services the UI uses.</summary>
internal static class ThreadApi
{
    public static IEndpointRouteBuilder MapThreadApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/thread", CreateThread).WithTags("Chat");
        api.MapGet("/threads", GetThreads).WithTags("Chat");
        api.MapGet("/threads/counts", GetThreadCounts).WithTags("Chat");
        api.MapGet("/thread/{id:long}", GetThread).WithTags("Chat");
        api.MapPut("/thread/{id:long}", UpdateThread).WithTags("Chat");
        api.MapPost("/threads/{id:long}/resolve", Resolve).WithTags("Chat");
        api.MapPost("/threads/{id:long}/reopen", Reopen).WithTags("Chat");
        api.MapPost("/threads/{id:long}/snooze", Snooze).WithTags("Chat");
        api.MapPost("/threads/bulk", Bulk).WithTags("Chat").ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/thread/{id:long}/labels/{labelId:long}", AddLabel).WithTags("Labels").ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapDelete("/thread/{id:long}/labels/{labelId:long}", RemoveLabel).WithTags("Labels").ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Created<ThreadSummary>> CreateThread(
        CreateThreadRequest request, ClaimsPrincipal user, ThreadService threads, CancellationToken ct)
    {
        var thread = await threads.CreateThreadAsync(ChatCaller.From(user), request, ct);
        return TypedResults.Created($"/api/chat/thread/{thread.Id}", thread);
    }

    /// <summary>An inbox view with filters, e.g. <c>?view=mine&amp;priority=urgent&amp;labelId=3&amp;teamId=2&amp;unread=true&amp;sort=waiting</c>.</summary>
    private static async Task<Ok<IReadOnlyList<ThreadSummary>>> GetThreads(
        string? view, string? status, string? priority, long? labelId, string? type, bool? unread, string? sort, long? teamId,
        ClaimsPrincipal user, InboxService inbox, CancellationToken ct)
    {
        var query = InboxQueryBinder.Bind(view, status, priority, labelId, type, unread, sort, teamId);
        return TypedResults.Ok(await inbox.GetThreadsAsync(ChatCaller.From(user), query, ct));
    }

    private static async Task<Ok<InboxCounts>> GetThreadCounts(ClaimsPrincipal user, InboxService inbox, CancellationToken ct) =>
        TypedResults.Ok(await inbox.GetInboxCountsAsync(ChatCaller.From(user), ct));

    private static async Task<Ok<ThreadSummary>> GetThread(long id, ClaimsPrincipal user, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.GetThreadAsync(ChatCaller.From(user), id, ct));

    private static async Task<Ok<ThreadSummary>> UpdateThread(
        long id, UpdateThreadRequest request, ClaimsPrincipal user, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.UpdateThreadAsync(ChatCaller.From(user), id, request, ct));

    private static async Task<Ok<ThreadSummary>> Resolve(long id, ClaimsPrincipal user, ConversationLifecycle lifecycle, CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.ResolveAsync(ChatCaller.From(user), id, ct));

    private static async Task<Ok<ThreadSummary>> Reopen(long id, ClaimsPrincipal user, ConversationLifecycle lifecycle, CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.ReopenAsync(ChatCaller.From(user), id, ct));

    /// <summary><c>{ "until": "2026-12-07T09:00:00Z" }</c>, or no <c>until</c> (or no body) to snooze until the customer replies.</summary>
    private static async Task<Ok<ThreadSummary>> Snooze(
        long id, SnoozeRequest? request, ClaimsPrincipal user, ConversationLifecycle lifecycle, CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.SnoozeAsync(ChatCaller.From(user), id, request?.Until, ct));

    private static async Task<Ok<BulkResult>> Bulk(BulkThreadRequest request, ClaimsPrincipal user, ThreadBulkService bulk, CancellationToken ct) =>
        TypedResults.Ok(await bulk.BulkAsync(ChatCaller.From(user), request, ct));

    private static async Task<Ok<ThreadSummary>> AddLabel(long id, long labelId, ClaimsPrincipal user, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.AddLabelAsync(ChatCaller.From(user), id, labelId, ct));

    private static async Task<Ok<ThreadSummary>> RemoveLabel(long id, long labelId, ClaimsPrincipal user, ThreadService threads, CancellationToken ct) =>
        TypedResults.Ok(await threads.RemoveLabelAsync(ChatCaller.From(user), id, labelId, ct));
}
