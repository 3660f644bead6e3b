using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.AiSettings;

/// <summary>A save of the assistant's settings: the settings and the version read before changing them.</summary>
public sealed record SaveAssistantSettingsRequest(Guid? Version, AssistantSettings? Settings);

/// <summary>The assistant's settings on the REST API (admins only), the same rules as the settings page.</summary>
internal static class AssistantSettingsApi
{
    public static IEndpointRouteBuilder MapAssistantSettingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/assistant").WithTags("Assistant").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/settings", Get);
        api.MapPut("/settings", Save);
        return routes;
    }

    private static Ok<VersionedAssistantSettings> Get(ClaimsPrincipal user, AssistantSettingsStore store)
    {
        RequireAdmin(ChatCaller.From(user));
        return TypedResults.Ok(store.CurrentVersioned);
    }

    /// <summary>Saves the settings when <c>version</c> is still the saved one (409 otherwise); they apply at once.</summary>
    private static async Task<Ok<VersionedAssistantSettings>> Save(
        SaveAssistantSettingsRequest request, HttpContext http, AssistantSettingsStore store, CancellationToken ct)
    {
        var caller = ChatCaller.From(http.User);
        RequireAdmin(caller);
        var errors = new Dictionary<string, string[]>();
        if (request.Version is null)
            errors["version"] = ["Send the version you read (GET /api/assistant/settings), so a newer save is never overwritten."];
        if (request.Settings is null)
            errors["settings"] = ["Send the settings to save."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        try
        {
            return TypedResults.Ok(await store.SaveAsync(caller, request.Settings!, request.Version!.Value,
                AuditActor.From(http.User, http.Connection.RemoteIpAddress), ct));
        }
        catch (ChatValidationException e)
        {
            // Named as the client sends them: settings.temperature, not Temperature.
            throw new ChatValidationException(e.Errors.ToDictionary(p => "settings." + char.ToLowerInvariant(p.Key[0]) + p.Key[1..], p => p.Value));
        }
    }

    private static void RequireAdmin(ChatCaller caller)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins read and change the assistant's settings.");
    }
}
