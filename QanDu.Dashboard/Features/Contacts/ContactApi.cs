using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>Contacts on the REST API, under /api/contacts: the team's (agents, supervisors, admins) only.</summary>
internal static class ContactApi
{
    public static IEndpointRouteBuilder MapContactApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/contacts").WithTags("Contacts")
            .RequireAuthorization(p => p.RequireRole(Roles.All))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("", List);
        api.MapGet("/{id:long}", Get);
        api.MapPut("/{id:long}", Update);
        api.MapPut("/{id:long}/attributes", SetAttributes);
        api.MapPost("/{id:long}/notes", AddNote);
        api.MapDelete("/{id:long}/notes/{noteId:long}", DeleteNote);
        api.MapPost("/{survivorId:long}/merge", Merge);
        return routes;
    }

    private static async Task<Ok<ContactPage>> List(string? q, int? page, HttpContext http, ContactDirectory contacts, CancellationToken ct)
    {
        if (page is < 1)
            throw new ChatValidationException("page", "The page is a number from 1.");
        return TypedResults.Ok(await contacts.ListAsync(ChatCaller.From(http.User), q, page ?? 1, ct));
    }

    private static async Task<Ok<ContactView>> Get(long id, HttpContext http, ContactDirectory contacts, CancellationToken ct) =>
        TypedResults.Ok(await contacts.GetAsync(ChatCaller.From(http.User), id, ct));

    private static async Task<Ok<ContactView>> Update(long id, UpdateContactRequest request, HttpContext http, ContactService service,
        ContactDirectory contacts, CancellationToken ct)
    {
        var caller = ChatCaller.From(http.User);
        await service.UpdateAsync(caller, id, request, ct);
        return TypedResults.Ok(await contacts.GetAsync(caller, id, ct));
    }

    /// <summary>The body is the whole map (<c>{ "plan": "Team", "seats": "20" }</c>); an attribute not in it is removed.</summary>
    private static async Task<Ok<ContactView>> SetAttributes(long id, [FromBody] Dictionary<string, string?> attributes, HttpContext http,
        ContactService service, ContactDirectory contacts, CancellationToken ct)
    {
        var caller = ChatCaller.From(http.User);
        await service.ReplaceAttributesAsync(caller, id, attributes, ct);
        return TypedResults.Ok(await contacts.GetAsync(caller, id, ct));
    }

    private static async Task<Created<ContactNoteView>> AddNote(long id, AddContactNoteRequest request, HttpContext http, ContactService service,
        CancellationToken ct)
    {
        var note = await service.AddNoteAsync(ChatCaller.From(http.User), id, request.Content, ct);
        return TypedResults.Created($"/api/contacts/{id}/notes/{note.Id}", note);
    }

    private static async Task<NoContent> DeleteNote(long id, long noteId, HttpContext http, ContactService service, CancellationToken ct)
    {
        await service.DeleteNoteAsync(ChatCaller.From(http.User), id, noteId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ContactMergeResult>> Merge(long survivorId, MergeContactsRequest request, HttpContext http, ContactService service,
        CancellationToken ct)
    {
        if (request.MergeId is not { } mergeId)
            throw new ChatValidationException("mergeId", "Name the contact to merge into this one: { \"mergeId\": 42 }.");
        return TypedResults.Ok(await service.MergeAsync(ChatCaller.From(http.User), survivorId, mergeId,
            AuditActor.From(http.User, http.Connection.RemoteIpAddress), ct));
    }
}
