using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Hosting;

/// <summary>Turns the services' errors into RFC 7807 problem details that name the problem.</summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems, RecentErrors errors, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (StorageProblem(exception) is { } storage)
        {
            // Expected while the disk is full, and one per refused request: one line, no stack trace.
            logger.LogWarning("Refused {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, storage.Title);
            await storage.Result.ExecuteAsync(context);
            return true;
        }
        IResult? result = exception switch
        {
            ChatValidationException e => Results.ValidationProblem(e.Errors, title: "The request is not valid", detail: e.Message),
            ChatNotFoundException e => Results.Problem(statusCode: 404, title: "Not found", detail: e.Message),
            FileTooLargeException e => Results.Problem(statusCode: 413, title: "File too large", detail: e.Message),
            UploadQuotaExceededException e => TooManyUploads(context, e),
            ChatForbiddenException e => Results.Problem(statusCode: 403, title: "Not allowed", detail: e.Message),
            ChatConflictException e => Results.Problem(statusCode: 409, title: e.Title, detail: e.Message),
            BadHttpRequestException e => Results.Problem(statusCode: e.StatusCode,
                title: e.StatusCode == 413 ? "Request too large" : "The request could not be read", detail: Readable(e)),
            _ => null,
        };
        if (result is null)
        {
            // A bug, not a refusal: listed on the health page with the trace id that finds it in the logs and traces.
            var where = $"{context.Request.Method} {context.Request.Path}";
            errors.Record(exception, Activity.Current?.TraceId.ToString(), where);
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = 500, Title = "Something went wrong on the server", Detail = "The error was logged." },
            });
        }
        await result.ExecuteAsync(context);
        return true;
    }

    private static IResult TooManyUploads(HttpContext context, UploadQuotaExceededException e)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 429, title: "Too many unsent uploads", detail: e.Message);
    }

    /// <summary>A write the storage refused: 507 when the disk is (nearly) full, 503 when the database cannot be written at all.</summary>
    private static (string Title, IResult Result)? StorageProblem(Exception exception)
    {
        if (exception is LowDiskSpaceException low)
            return Problem(507, "The server's disk is nearly full", low.Message);
        if (StorageErrors.IsDiskFull(exception))
            return Problem(507, "The server's disk is full", StorageErrors.DiskFull);
        if (StorageErrors.WriteFailure(exception) is { } reason)
            return Problem(503, "The database cannot be written",
                $"Nothing was stored: {reason}. Ask an administrator to check the server's storage, then try again.");
        return null;

        static (string, IResult) Problem(int status, string title, string detail) =>
            (title, Results.Problem(statusCode: status, title: title, detail: detail));
    }

    /// <summary>What was wrong with a request the framework could not read, in words a client's author can act on.</summary>
    private static string Readable(BadHttpRequestException e) => e switch
    {
        _ when e.Message.Contains("no body was provided", StringComparison.Ordinal) || e.Message.Contains("was not provided from body", StringComparison.Ordinal) =>
            "This request needs a JSON object as its body; the body was empty or null.",
        { InnerException: { } inner } => $"{e.Message} {inner.Message}",
        _ => e.Message,
    };
}
