using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Files;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// The visitor API under <c>/api/widget/v1</c> (docs/api.md, "Visitor API"): anonymous but scoped — the session by the
/// channel's website token, everything else by the visitor token it returns. Thin doors onto <see cref="VisitorService"/>
/// and <see cref="CustomerConversations"/>; a conversation that is not the visitor's answers 404 like one that does not exist.
/// </summary>
internal static class WidgetApi
{
    public const string Prefix = "/api/widget/v1";

    public static IEndpointRouteBuilder MapWidgetApi(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup(Prefix).WithTags("Widget").AllowAnonymous();
        open.MapPost("/session", SessionAsync).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        open.MapGet("/files/{id:long}", DownloadAsync).ProducesProblem(StatusCodes.Status404NotFound);

        var api = routes.MapGroup(Prefix).WithTags("Widget").RequireAuthorization(VisitorAuthenticationHandler.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/messages", GetMessagesAsync);
        api.MapPost("/messages", PostMessageAsync);
        api.MapPost("/files", UploadAsync).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/conversations/{id:long}/rating", RateAsync).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/conversations/{id:long}/read", ReadAsync);
        api.MapPost("/conversations/{id:long}/handoff", HandOffAsync);
        api.MapPost("/messages/{id:long}/feedback", FeedbackAsync).ProducesProblem(StatusCodes.Status409Conflict);
        routes.MapWidgetHelpApi(); // help-center search and articles for the widget, same visitor token
        routes.MapHub<WidgetHub>(WidgetPaths.Hub).RequireAuthorization(VisitorAuthenticationHandler.PolicyName);
        return routes;
    }

    private static async Task<IResult> SessionAsync(SessionRequest request, HttpContext http, VisitorService visitors, CancellationToken ct)
    {
        try
        {
            var (session, _) = await visitors.StartSessionAsync(request, channel => WidgetOrigins.Refused(http.Request, channel),
                http.Request.Headers.UserAgent.ToString(), ct);
            return TypedResults.Ok(session);
        }
        catch (WidgetOriginException e)
        {
            return WidgetOrigins.Problem(e.Origin, e.Channel);
        }
        catch (IdentityVerificationException e)
        {
            return TypedResults.Problem(statusCode: 401, title: "identity verification failed", detail: e.Message);
        }
    }

    private static async Task<Ok<VisitorMessagePage>> GetMessagesAsync(
        long conversationId, long? after, long? before, int? limit, ClaimsPrincipal user,
        CustomerConversations conversations, CustomerFeedback feedback, VisitorMessages shaping, CancellationToken ct)
    {
        var visitor = Visitor.From(user);
        var (messages, hasMore) = await conversations.HistoryAsync(visitor, conversationId, after, before, limit, ct);
        var votes = await feedback.VotesAsync(visitor, [.. messages.Where(m => m.SenderType == Data.Entities.SenderType.Ai).Select(m => m.Id)], ct);
        return TypedResults.Ok(new VisitorMessagePage(
            [.. messages.Select(m => shaping.For(visitor.Caller, visitor.ContactId, m, votes.GetValueOrDefault(m.Id)))], hasMore));
    }

    /// <summary>"Talk to a person": the assistant hands the conversation to the team (204 also when a person already has it).</summary>
    private static async Task<NoContent> HandOffAsync(long id, ClaimsPrincipal user, CustomerFeedback customers, CancellationToken ct)
    {
        await customers.AskForPersonAsync(Visitor.From(user), id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>"Was this helpful?" on an assistant's answer in the visitor's conversation; "not helpful" brings a person in.</summary>
    private static async Task<NoContent> FeedbackAsync(long id, VisitorFeedbackRequest request, ClaimsPrincipal user, CustomerFeedback customers, CancellationToken ct)
    {
        await customers.RateAsync(Visitor.From(user), id, request.Helpful, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<VisitorMessage>, Ok<VisitorMessage>>> PostMessageAsync(
        VisitorPostRequest request, ClaimsPrincipal user, ChannelLookup channels, CustomerConversations conversations,
        VisitorMessages shaping, ContactService contacts, CancellationToken ct)
    {
        var visitor = Visitor.From(user);
        var channel = await channels.FindAsync(visitor.ChannelId, ct) ?? throw new ChatNotFoundException($"Channel {visitor.ChannelId}");
        var (message, created) = await conversations.PostAsync(visitor, channel, request, ct);
        await contacts.TouchAsync(visitor.ContactId, ct: ct);
        var view = shaping.For(visitor.Caller, visitor.ContactId, message);
        // A retry with the same key answers 200 with the message it already stored.
        return created
            ? TypedResults.Created($"{Prefix}/messages?conversationId={view.ConversationId}&after={view.Id - 1}", view)
            : TypedResults.Ok(view);
    }

    /// <summary>One file as multipart form data (field <c>file</c>), under the same type and size checks as staff uploads.</summary>
    private static async Task<IResult> UploadAsync(HttpContext http, ClaimsPrincipal user, FileStore files, UploadQuota quota, CancellationToken ct)
    {
        var visitor = Visitor.From(user);
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = files.Limits.MaxFileBytes + WidgetGuard.MaxJsonBytes;
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary) || !type!.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ChatValidationException("file", "Send the file as multipart/form-data with one field named 'file'.");
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()
                || !string.Equals(disposition.Name.Value, "file", StringComparison.Ordinal))
                continue;
            var name = disposition.FileNameStar.Value ?? disposition.FileName.Value;
            using var room = quota.Reserve(visitor.Caller, request.ContentLength); // before a byte of the file is read
            var upload = await files.SaveUploadAsync(visitor.Caller, name, section.ContentType, declaredLength: null, section.Body, ct);
            return TypedResults.Created($"{Prefix}/files", new VisitorUploadView(upload.Id, upload.Name, upload.Size, upload.MimeType));
        }
        throw new ChatValidationException("file", "The form has no file in a field named 'file'.");
    }

    /// <summary>A file of the visitor's conversation, by the signed link in the message (valid for its contact only, for hours).</summary>
    private static async Task<IResult> DownloadAsync(long id, string? sig, HttpContext http, VisitorMessages shaping, ContactService contacts,
        AttachmentService attachments, CancellationToken ct)
    {
        if (shaping.ContactOfFileLink(id, sig) is not { } contactId || await contacts.GetAsync(contactId, ct) is not { } contact)
            throw new ChatNotFoundException($"File {id}");
        var (attachment, path) = await attachments.OpenAsync(ContactService.CallerFor(contact), id, ct);
        var inline = FileKinds.IsInline(attachment.MimeType);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, max-age=3600";
        var contentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        contentDisposition.SetHttpFileName(attachment.Name);
        headers.ContentDisposition = contentDisposition.ToString();
        return TypedResults.PhysicalFile(path, inline ? attachment.MimeType : "application/octet-stream", enableRangeProcessing: true);
    }

    private static async Task<NoContent> RateAsync(long id, RatingRequest request, ClaimsPrincipal user, CustomerConversations conversations, CancellationToken ct)
    {
        await conversations.RateAsync(Visitor.From(user), id, request.Rating, request.Comment, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReadAsync(long id, ReadRequest request, ClaimsPrincipal user, CustomerConversations conversations,
        ReadState.ReadStateService readState, CancellationToken ct)
    {
        var visitor = Visitor.From(user);
        if (request.MessageId is not { } messageId)
            throw new ChatValidationException("messageId", "Say up to which message the visitor has seen (messageId).");
        await conversations.RequireOwnAsync(visitor, id, ct);
        await readState.MarkAsync(visitor.Caller, id, messageId, Data.Entities.MessageStatus.Read, ct);
        return TypedResults.NoContent();
    }
}
