using Microsoft.AspNetCore.Http.HttpResults;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>Webhook subscriptions and their delivery logs on the REST API, admins only, under /api/admin/webhooks.</summary>
internal static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/admin/webhooks").WithTags("Webhooks")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("", List);
        admin.MapPost("", Create);
        admin.MapGet("/{id:long}", Get);
        admin.MapPut("/{id:long}", Update);
        admin.MapDelete("/{id:long}", Delete);
        admin.MapPost("/{id:long}/pause", Pause);
        admin.MapPost("/{id:long}/resume", Resume);
        admin.MapPost("/{id:long}/test", Test);
        admin.MapGet("/{id:long}/deliveries", Deliveries);
        admin.MapGet("/{id:long}/deliveries/{deliveryId:guid}", Delivery);
        admin.MapPost("/{id:long}/deliveries/{deliveryId:guid}/redeliver", Redeliver).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<WebhookSubscriptionView>>> List(HttpContext http, WebhookSubscriptionService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.ListAsync(ChatCaller.From(http.User), ct));

    private static async Task<Ok<WebhookSubscriptionView>> Get(long id, HttpContext http, WebhookSubscriptionService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.GetAsync(ChatCaller.From(http.User), id, ct));

    private static async Task<Created<WebhookSubscriptionView>> Create(SaveWebhookRequest request, HttpContext http, WebhookSubscriptionService webhooks,
        CancellationToken ct)
    {
        var created = await webhooks.CreateAsync(ChatCaller.From(http.User), Actor(http), request, ct);
        return TypedResults.Created($"/api/admin/webhooks/{created.Id}", created);
    }

    private static async Task<Ok<WebhookSubscriptionView>> Update(long id, SaveWebhookRequest request, HttpContext http, WebhookSubscriptionService webhooks,
        CancellationToken ct) =>
        TypedResults.Ok(await webhooks.UpdateAsync(ChatCaller.From(http.User), Actor(http), id, request, ct));

    private static async Task<NoContent> Delete(long id, HttpContext http, WebhookSubscriptionService webhooks, CancellationToken ct)
    {
        await webhooks.DeleteAsync(ChatCaller.From(http.User), Actor(http), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookSubscriptionView>> Pause(long id, HttpContext http, WebhookSubscriptionService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.PauseAsync(ChatCaller.From(http.User), Actor(http), id, ct));

    private static async Task<Ok<WebhookSubscriptionView>> Resume(long id, HttpContext http, WebhookSubscriptionService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.ResumeAsync(ChatCaller.From(http.User), Actor(http), id, ct));

    private static async Task<Accepted<WebhookDeliveryView>> Test(long id, HttpContext http, WebhookDeliveryService deliveries, CancellationToken ct)
    {
        var delivery = await deliveries.SendTestAsync(ChatCaller.From(http.User), id, ct);
        return TypedResults.Accepted($"/api/admin/webhooks/{id}/deliveries/{delivery.DeliveryId}", delivery);
    }

    private static async Task<Ok<WebhookDeliveryPage>> Deliveries(long id, int? page, int? pageSize, HttpContext http, WebhookDeliveryService deliveries,
        CancellationToken ct) =>
        TypedResults.Ok(await deliveries.ListAsync(ChatCaller.From(http.User), id, page ?? 1, pageSize ?? WebhookDeliveryService.DefaultPageSize, ct));

    private static async Task<Ok<WebhookDeliveryView>> Delivery(long id, Guid deliveryId, HttpContext http, WebhookDeliveryService deliveries,
        CancellationToken ct) =>
        TypedResults.Ok(await deliveries.GetAsync(ChatCaller.From(http.User), id, deliveryId, ct));

    private static async Task<Accepted<WebhookDeliveryView>> Redeliver(long id, Guid deliveryId, HttpContext http, WebhookDeliveryService deliveries,
        CancellationToken ct)
    {
        var delivery = await deliveries.RedeliverAsync(ChatCaller.From(http.User), Actor(http), id, deliveryId, ct);
        return TypedResults.Accepted($"/api/admin/webhooks/{id}/deliveries/{deliveryId}", delivery);
    }

    private static AuditActor Actor(HttpContext http) => AuditActor.From(http.User, http.Connection.RemoteIpAddress);
}
