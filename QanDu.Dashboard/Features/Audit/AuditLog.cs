using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>Who did something: a person (with the address their request came from), or the app itself.</summary>
public sealed record AuditActor(string? UserId, string Name, string? Address)
{
    public static readonly AuditActor App = new(null, "QanDu", null);

    public static AuditActor From(ChatCaller caller, IPAddress? address = null) =>
        caller.Kind == CallerKind.System
            ? App with { Name = caller.DisplayName }
            : new(caller.UserId, caller.DisplayName, address?.ToString());

    public static AuditActor From(ClaimsPrincipal user, IPAddress? address) =>
        user.Identity?.IsAuthenticated == true
            ? From(ChatCaller.From(user), address)
            : new(null, "Anonymous", address?.ToString());

    /// <summary>The command line (create-user, create-api-key…): the operator of the server.</summary>
    public static AuditActor CommandLine => new(null, "Command line", null);
}

/// <summary>
/// What happened: <see cref="Action"/> is a dotted name (<c>user.invited</c>, <c>user.role_changed</c>); the target
/// names what it happened to; <see cref="Before"/> and <see cref="After"/> hold only the values that changed (any
/// object, stored as JSON).
/// </summary>
public sealed record AuditRecord(
    string Action,
    string? TargetType = null,
    string? TargetId = null,
    string? TargetName = null,
    object? Before = null,
    object? After = null,
    string? Detail = null);

/// <summary>
/// The one write path of the audit log. Prefer <see cref="Add"/> inside the context that makes the change, so the entry
/// commits with it (or not at all); <see cref="RecordAsync"/> is for events with no other write (a failed sign-in).
/// There is no update or delete: the table refuses both.
/// </summary>
public sealed class AuditLog(IDbContextFactory<ChatDbContext> dbFactory, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Add(ChatDbContext db, AuditActor actor, AuditRecord record) => db.AuditLog.Add(Entry(actor, record));

    public async Task RecordAsync(AuditActor actor, AuditRecord record, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Add(db, actor, record);
        await db.SaveChangesAsync(ct);
    }

    private AuditEntry Entry(AuditActor actor, AuditRecord record) => new()
    {
        At = clock.GetUtcNow().UtcDateTime,
        ActorId = actor.UserId,
        ActorName = Truncate(actor.Name, 200),
        Address = actor.Address,
        Action = record.Action,
        TargetType = record.TargetType,
        TargetId = record.TargetId,
        TargetName = record.TargetName is null ? null : Truncate(record.TargetName, 200),
        Before = Serialize(record.Before),
        After = Serialize(record.After),
        Detail = record.Detail,
    };

    private static string? Serialize(object? values) => values switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(values, values.GetType(), Json),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
