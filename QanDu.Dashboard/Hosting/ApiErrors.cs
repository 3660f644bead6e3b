using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// The API's answers to what never reaches an endpoint (no such route, a route value of the wrong type, a wrong method or
/// content type) and its limit on JSON bodies: problem details that name the problem, like every other API error.
/// </summary>
internal static class ApiErrors
{
    /// <summary>Room for a request's other fields beside its longest text.</summary>
    private const long JsonOverheadBytes = 64 * 1024;

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseWhen(context => IsApi(context.Request), api =>
        {
            api.UseStatusCodePages(WriteStatusProblemAsync);
            api.Use(LimitJsonBodyAsync);
        });
        return app;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>
    /// The largest JSON body a valid request can need: the longest message (<c>Chat:MaxMessageLength</c>), every character
    /// escaped as <c>\uXXXX</c>, plus the other fields. A larger body is refused before it is read, not parsed and then refused.
    /// </summary>
    public static long MaxJsonBodyBytes(MessageOptions options) => 6L * options.MaxMessageLength + JsonOverheadBytes;

    private static Task LimitJsonBodyAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        // Files have their own limit (Files:MaxFileBytes), checked by the upload endpoint.
        if (request.Path.StartsWithSegments("/api/chat/files") || request.Path.StartsWithSegments("/api/widget/v1/files") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            return next();
        var limit = MaxJsonBodyBytes(context.RequestServices.GetRequiredService<IOptions<MessageOptions>>().Value);
        if (request.ContentLength > limit)
            return TooLarge(context, limit).ExecuteAsync(context);
        // A body without a declared length (chunked) is cut by the server at the same limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return next();
    }

    private static IResult TooLarge(HttpContext context, long limit) => Results.Problem(statusCode: 413, title: "Request too large",
        detail: $"{context.Request.Method} {context.Request.Path} accepts JSON bodies of at most {limit:N0} bytes; this one has {context.Request.ContentLength:N0} bytes.");

    private static Task WriteStatusProblemAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var (method, path) = (context.Request.Method, context.Request.Path);
        var code = context.Response.StatusCode;
        var (title, detail) = code switch
        {
            404 => ("Not found", $"There is no API endpoint at {method} {path}. Check the address; ids in it are numbers."),
            405 => ("Method not allowed", $"{path} does not accept {method}."),
            413 => ("Request too large", $"The body of {method} {path} is larger than this endpoint accepts."),
            415 => ("Unsupported media type", "Send the body as JSON with the header 'Content-Type: application/json'."),
            _ => (ReasonPhrase(code), $"{method} {path} answered {code}."),
        };
        return Results.Problem(statusCode: code, title: title, detail: detail).ExecuteAsync(context);
    }

    private static string ReasonPhrase(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : "Error";
}
