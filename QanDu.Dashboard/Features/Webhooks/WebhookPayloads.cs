using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// A delivery's body: <c>{ "id", "event", "createdAt", "data", "changes"? }</c>, where <c>data</c> is the object in the REST
/// API's shape (a conversation as <c>GET /api/chat/thread/{id}</c>, a message as <c>POST /api/chat/message</c> answers it, a
/// contact as <c>GET /api/contacts/{id}</c>) and <c>changes</c> what changed, for the events that change something.
/// </summary>
public sealed record WebhookEnvelope(
    Guid Id,
    string Event,
    DateTime CreatedAt,
    object Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Changes = null);

/// <summary>One value that changed: what it was and what it is.</summary>
public sealed record WebhookChange(object? From, object? To);

/// <summary>Builds the bodies, with the REST API's JSON settings (camelCase names, enums as camelCase strings).</summary>
internal static class WebhookPayloads
{
    /// <summary>The app reading on no one's behalf: every conversation, staff views (metadata included).</summary>
    internal static readonly ChatCaller Reader = ChatCaller.System("Webhooks");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(WebhookEnvelope envelope) => JsonSerializer.Serialize(envelope, Json);

    /// <summary>The conversations as the API shows them (with no reader, nothing is unread).</summary>
    public static async Task<Dictionary<long, ThreadSummary>> ConversationsAsync(ChatDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var rows = await ThreadSummaries.Query(db, db.Threads.AsNoTracking().Where(t => ids.Contains(t.Id)), Reader).ToListAsync(ct);
        return rows.ToDictionary(t => t.Id, t => ThreadSummaries.For(Reader, t) with { UnreadCount = 0 });
    }

    public static async Task<Dictionary<long, MessageView>> MessagesAsync(ChatDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var rows = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(MessageProjection.ToView(db)).ToListAsync(ct);
        return rows.ToDictionary(m => m.Id);
    }

    public static Task<ContactView> ContactAsync(ChatDbContext db, Contact contact, DateTime now, CancellationToken ct) =>
        ContactDirectory.ViewAsync(db, Reader, contact, now, ct);

    /// <summary>The test event's data: which subscription it is for, and a sentence for whoever looks at the receiver.</summary>
    public static object Ping(WebhookSubscription subscription) =>
        new { subscriptionId = subscription.Id, url = subscription.Url, message = "A test event from QanDu: the webhook reaches you." };
}
