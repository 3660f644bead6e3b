using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Files;

/// <summary>
/// Upload (<c>POST /api/chat/files</c>, the raw file as the body) and download (<c>GET /api/chat/files/{id}</c>).
/// The upload needs an <c>X-File-Name</c> header: a cross-site form cannot send one and a cross-site script cannot
/// without a CORS preflight this app never allows, so a signed-in cookie alone cannot be abused to upload.
/// </summary>
internal static class FileApi
{
    public const string FileNameHeader = "X-File-Name";

    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat/files").WithTags("Files").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("", UploadAsync).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        api.MapGet("/{id:long}", DownloadAsync);
        return routes;
    }

    private static async Task<Created<UploadView>> UploadAsync(
        HttpContext http, ClaimsPrincipal user, FileStore files, UploadQuota quota, CancellationToken ct)
    {
        var request = http.Request;
        // Our own limit decides (413 naming the file); the server's default limit must not cut in first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = files.Limits.MaxFileBytes + 1;
        var header = request.Headers[FileNameHeader].ToString();
        var name = string.IsNullOrEmpty(header) ? null : Uri.UnescapeDataString(header);
        var caller = ChatCaller.From(user);
        using var room = quota.Reserve(caller, request.ContentLength); // before a byte is read
        var upload = await files.SaveUploadAsync(caller, name, request.ContentType, request.ContentLength, request.Body, ct);
        return TypedResults.Created($"/api/chat/files/uploads/{upload.Id}", upload);
    }

    private static async Task<IResult> DownloadAsync(long id, HttpContext http, ClaimsPrincipal user, AttachmentService attachments, CancellationToken ct)
    {
        var (attachment, path) = await attachments.OpenAsync(ChatCaller.From(user), id, ct);
        var inline = FileKinds.IsInline(attachment.MimeType);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Opened on its own, a file can run nothing and load nothing.
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, max-age=3600";
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName(attachment.Name);
        headers.ContentDisposition = disposition.ToString();
        // Downloads keep their type only when no browser would render it as a page or a script.
        var contentType = inline || IsInert(attachment.MimeType) ? attachment.MimeType : "application/octet-stream";
        return TypedResults.PhysicalFile(path, contentType, enableRangeProcessing: true);
    }

    private static bool IsInert(string mimeType) =>
        mimeType is "application/pdf" or "application/zip" or "text/plain" or "text/csv"
        || mimeType.StartsWith("application/vnd.", StringComparison.Ordinal);
}
