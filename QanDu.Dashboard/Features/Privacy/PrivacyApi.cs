using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Privacy;

/// <summary>
/// A contact's export and erasure on the REST API (<c>/api/contacts/{id}/export</c>, <c>/api/contacts/{id}/erase</c>):
/// admins only, by the services' own rule as well as the route's.
/// </summary>
internal static class PrivacyApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, // as the rest of the API writes enums
    };

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/contacts").WithTags("Contacts")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:long}/export", Export).Produces<ContactExport>(contentType: "application/json");
        api.MapPost("/{id:long}/erase", Erase);
        return routes;
    }

    /// <summary>The export as a JSON download named after the contact's id.</summary>
    private static async Task<FileContentHttpResult> Export(long id, HttpContext http, ContactExportService exports, CancellationToken ct)
    {
        var export = await exports.ExportAsync(ChatCaller.From(http.User), Actor(http), id, ct);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(export, Json), "application/json",
            $"contact-{export.Contact.Id}-export-{export.ExportedAt:yyyyMMdd-HHmmss}.json");
    }

    /// <summary>Erases the contact; a second call changes nothing and answers <c>alreadyErased: true</c> with a message.</summary>
    private static async Task<Ok<ContactErasure>> Erase(long id, HttpContext http, ContactErasureService erasure, CancellationToken ct) =>
        TypedResults.Ok(await erasure.EraseAsync(ChatCaller.From(http.User), Actor(http), id, ct));

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
