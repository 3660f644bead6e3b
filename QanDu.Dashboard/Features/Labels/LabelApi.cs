using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Labels;

/// <summary>The label catalog on the REST API, under /api/chat; labels on a thread are under the thread (ThreadApi).</summary>
internal static class LabelApi
{
    public static IEndpointRouteBuilder MapLabelApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/chat").WithTags("Labels").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/labels", ListLabels);
        api.MapPost("/labels", CreateLabel);
        api.MapDelete("/labels/{labelId:long}", DeleteLabel);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<LabelView>>> ListLabels(LabelService labels, CancellationToken ct) =>
        TypedResults.Ok(await labels.ListAsync(ct));

    private static async Task<Created<LabelView>> CreateLabel(
        CreateLabelRequest request, HttpContext http, LabelService labels, CancellationToken ct)
    {
        var label = await labels.CreateAsync(ChatCaller.From(http.User), request, AuditActor.From(http.User, http.Connection.RemoteIpAddress), ct);
        return TypedResults.Created($"/api/chat/labels/{label.Id}", label);
    }

    private static async Task<NoContent> DeleteLabel(long labelId, HttpContext http, LabelService labels, CancellationToken ct)
    {
        await labels.DeleteAsync(ChatCaller.From(http.User), labelId, AuditActor.From(http.User, http.Connection.RemoteIpAddress), ct);
        return TypedResults.NoContent();
    }
}
