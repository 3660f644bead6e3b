using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Users;

namespace QanDu.Dashboard.Features.Threads;

public sealed record SetStatusRequest(long MessageId, MessageStatus Status);

public sealed record EditMessageRequest(string? Content);

/// <summary>The status to show: online, away, busy, or offline (appear offline).</summary>
public sealed record SetPresenceRequest(string? Status);

/// <summary>Where the caller has read a thread up to: a message of the thread, or 0 for nothing.</summary>
public sealed record SetReadPositionRequest(long? LastReadMessageId);

/// <summary>The REST API under /api/chat: the same ConversationService the UI uses, signed in by cookie or API key.</summary>
internal static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/message", PostMessage);
        api.MapPut("/message/{id:long}", EditMessage);
        api.MapDelete("/message/{id:long}", DeleteMessage);
        api.MapGet("/message/{id:long}/replies", GetReplies);
        api.MapGet("/history", GetHistory);
        api.MapPut("/status", SetStatus);
        api.MapPost("/thread", CreateThread);
        api.MapGet("/threads", GetThreads);
        api.MapGet("/threads/counts", GetThreadCounts);
        api.MapGet("/thread/{id:long}", GetThread);
        api.MapPut("/thread/{id:long}", UpdateThread);
        api.MapGet("/thread/{id:long}/read", GetReaders);
        api.MapPut("/thread/{id:long}/read", SetReadPosition);
        api.MapGet("/users", GetUsers);
        api.MapPut("/user/status", SetPresence);
        return routes;
    }

    private static async Task<Results<Created<MessageView>, Ok<MessageView>>> PostMessage(
        PostMessageRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct)
    {
        var outcome = await chat.PostAsync(ChatCaller.From(user), request, ct);
        // A retry with the same key answers 200 with the message it already stored.
        return outcome.Created
            ? TypedResults.Created($"/api/chat/message/{outcome.Message.Id}", outcome.Message)
            : TypedResults.Ok(outcome.Message);
    }

    private static async Task<Ok<MessageView>> EditMessage(
        long id, EditMessageRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.EditAsync(ChatCaller.From(user), id, request.Content, ct));

    private static async Task<Ok<MessageView>> DeleteMessage(long id, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.DeleteAsync(ChatCaller.From(user), id, ct));

    private static async Task<Ok<MessagePage>> GetHistory(
        long threadId, long? before, int? limit, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.GetHistoryAsync(ChatCaller.From(user), threadId, before, limit, ct));

    private static async Task<Ok<ReplyChain>> GetReplies(long id, int? limit, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.GetRepliesAsync(ChatCaller.From(user), id, limit, ct));

    private static async Task<NoContent> SetStatus(SetStatusRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct)
    {
        await chat.MarkMessageAsync(ChatCaller.From(user), request.MessageId, request.Status, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<ThreadSummary>> CreateThread(
        CreateThreadRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct)
    {
        var thread = await chat.CreateThreadAsync(ChatCaller.From(user), request, ct);
        return TypedResults.Created($"/api/chat/thread/{thread.Id}", thread);
    }

    /// <summary>An inbox view with filters, e.g. <c>?view=mine&amp;priority=urgent&amp;labelId=3&amp;unread=true&amp;sort=waiting</c>.</summary>
    private static async Task<Ok<IReadOnlyList<ThreadSummary>>> GetThreads(
        string? view, string? status, string? priority, long? labelId, string? type, bool? unread, string? sort,
        ClaimsPrincipal user, ConversationService chat, CancellationToken ct)
    {
        var query = InboxQueryBinder.Bind(view, status, priority, labelId, type, unread, sort);
        return TypedResults.Ok(await chat.GetThreadsAsync(ChatCaller.From(user), query, ct));
    }

    private static async Task<Ok<InboxCounts>> GetThreadCounts(ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.GetInboxCountsAsync(ChatCaller.From(user), ct));

    private static async Task<Ok<ThreadSummary>> GetThread(long id, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.GetThreadAsync(ChatCaller.From(user), id, ct));

    private static async Task<Ok<ThreadSummary>> UpdateThread(
        long id, UpdateThreadRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.UpdateThreadAsync(ChatCaller.From(user), id, request, ct));

    /// <summary>How far each participant has read (the receipts behind "Seen by").</summary>
    private static async Task<Ok<IReadOnlyList<ReaderView>>> GetReaders(long id, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.GetReadersAsync(ChatCaller.From(user), id, ct));

    /// <summary>Moves the caller's read position either way: forward marks read, back marks unread.</summary>
    private static async Task<Ok<ReadStateView>> SetReadPosition(
        long id, SetReadPositionRequest request, ClaimsPrincipal user, ConversationService chat, CancellationToken ct) =>
        TypedResults.Ok(await chat.SetReadPositionAsync(ChatCaller.From(user), id, request.LastReadMessageId, ct));

    private static async Task<Ok<IReadOnlyList<UserView>>> GetUsers(UserDirectory users, CancellationToken ct) =>
        TypedResults.Ok(await users.ListAsync(ct));

    private static async Task<NoContent> SetPresence(SetPresenceRequest request, ClaimsPrincipal user, PresenceService presence, CancellationToken ct)
    {
        await presence.SetChosenAsync(ChatCaller.From(user), request.Status, ct);
        return TypedResults.NoContent();
    }
}
