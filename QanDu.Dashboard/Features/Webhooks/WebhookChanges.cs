using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>A change an active subscription wants reported: the entity (its id is known after the save) and what changed.</summary>
internal sealed record ReportedChange(string Event, object Entity, long[] SubscriptionIds, object? Changes = null);

/// <summary>A conversation known by id only (a change made with a bulk update that left a fact in the activity log).</summary>
internal sealed record ConversationRef(long Id);

/// <summary>
/// Which tracked changes become which events, and their deliveries. Conversations are customer conversations (a thread
/// with a contact): created; status changed; assignee or team changed (assigned); a rating given (csat.submitted).
/// Messages of customer conversations: added (message.created) unless a system line, a private note, or an assistant's reply
/// still streaming (reported when it is sent); edited or deleted (message.updated). Contacts: added, and their details
/// changed (name, email, phone, identifier, company, attributes, channel, erasure; not the visit fields that change at
/// every page view).
/// </summary>
internal static class WebhookChanges
{
    private static readonly string[] ContactFields =
    [
        nameof(Contact.Name), nameof(Contact.Email), nameof(Contact.Phone), nameof(Contact.Identifier), nameof(Contact.Company),
        nameof(Contact.Attributes), nameof(Contact.ChannelId), nameof(Contact.ErasedAt),
    ];

    public static List<ReportedChange> Collect(ChatDbContext db, ActiveSubscriptions active)
    {
        var found = new List<ReportedChange>();
        void Report(string @event, object entity, object? changes = null)
        {
            var ids = active.For(@event);
            if (ids.Length > 0)
                found.Add(new ReportedChange(@event, entity, ids, changes));
        }

        if (active.Wants(WebhookEvents.ConversationCreated) || active.Wants(WebhookEvents.ConversationStatusChanged)
            || active.Wants(WebhookEvents.ConversationAssigned) || active.Wants(WebhookEvents.CsatSubmitted))
        {
            foreach (var entry in db.ChangeTracker.Entries<ChatThread>())
            {
                if (entry.Entity.ContactId is null)
                    continue;
                if (entry.State == EntityState.Added)
                    Report(WebhookEvents.ConversationCreated, entry.Entity);
                else if (entry.State == EntityState.Modified)
                    Conversation(entry, Report);
            }
            // Ratings and the assistant's hand-offs are conditional bulk updates: their activity-log facts tell.
            foreach (var entry in db.ChangeTracker.Entries<ConversationActivity>().Where(e => e.State == EntityState.Added))
            {
                if (entry.Entity.Kind == ActivityKind.Rated)
                    Report(WebhookEvents.CsatSubmitted, new ConversationRef(entry.Entity.ThreadId));
                else if (entry.Entity.Kind == ActivityKind.HandedOff)
                    Report(WebhookEvents.ConversationStatusChanged, new ConversationRef(entry.Entity.ThreadId),
                        new { status = new WebhookChange(ThreadStatus.Pending, ThreadStatus.Active) });
            }
        }
        if (active.Wants(WebhookEvents.MessageCreated) || active.Wants(WebhookEvents.MessageUpdated) || active.Wants(WebhookEvents.ConversationStatusChanged))
        {
            foreach (var entry in db.ChangeTracker.Entries<Message>())
                Message(entry, Report);
        }
        if (active.Wants(WebhookEvents.ContactCreated) || active.Wants(WebhookEvents.ContactUpdated))
        {
            foreach (var entry in db.ChangeTracker.Entries<Contact>())
            {
                if (entry.State == EntityState.Added)
                    Report(WebhookEvents.ContactCreated, entry.Entity);
                else if (entry.State == EntityState.Modified && Changed(entry, ContactFields) is { Count: > 0 } fields)
                    Report(WebhookEvents.ContactUpdated, entry.Entity, new { fields });
            }
        }
        return found;
    }

    private static void Conversation(EntityEntry<ChatThread> entry, Action<string, object, object?> report)
    {
        var status = entry.Property(t => t.Status);
        if (status.IsModified && status.OriginalValue != status.CurrentValue)
            report(WebhookEvents.ConversationStatusChanged, entry.Entity, new { status = new WebhookChange(status.OriginalValue, status.CurrentValue) });
        var assignee = entry.Property(t => t.AssigneeId);
        var team = entry.Property(t => t.TeamId);
        var assigneeChanged = assignee.IsModified && assignee.OriginalValue != assignee.CurrentValue;
        var teamChanged = team.IsModified && team.OriginalValue != team.CurrentValue;
        if (assigneeChanged || teamChanged)
            report(WebhookEvents.ConversationAssigned, entry.Entity, new
            {
                assigneeId = assigneeChanged ? new WebhookChange(assignee.OriginalValue, assignee.CurrentValue) : null,
                teamId = teamChanged ? new WebhookChange(team.OriginalValue, team.CurrentValue) : null,
            });
        var rating = entry.Property(t => t.Rating);
        if (rating.IsModified && rating.CurrentValue is not null && rating.OriginalValue != rating.CurrentValue)
            report(WebhookEvents.CsatSubmitted, entry.Entity, null);
    }

    private static void Message(EntityEntry<Message> entry, Action<string, object, object?> report)
    {
        var message = entry.Entity;
        // A customer writing to a snoozed or recently resolved conversation reopens it with a bulk update and this line.
        if (entry.State == EntityState.Added && message.Type == MessageType.System && message.Metadata?.System is { Type: "conversation", Action: "reopened" })
            report(WebhookEvents.ConversationStatusChanged, new ConversationRef(message.ThreadId), new { status = new WebhookChange(null, ThreadStatus.Active) });
        if (message.Type == MessageType.System || message.IsPrivate)
            return;
        if (entry.State == EntityState.Added)
        {
            // An assistant's reply is reported once written whole (sent), not while it streams in.
            if (!(message.SenderType == SenderType.Ai && message.Status == MessageStatus.Sending))
                report(WebhookEvents.MessageCreated, message, null);
            return;
        }
        if (entry.State != EntityState.Modified)
            return;
        var status = entry.Property(m => m.Status);
        if (message.SenderType == SenderType.Ai && status.IsModified && status.OriginalValue == MessageStatus.Sending && status.CurrentValue == MessageStatus.Sent)
        {
            report(WebhookEvents.MessageCreated, message, null);
            return;
        }
        var deleted = entry.Property(m => m.DeletedAt);
        if (deleted.IsModified && deleted.OriginalValue is null && deleted.CurrentValue is not null)
            report(WebhookEvents.MessageUpdated, message, new { deleted = true });
        else if (entry.Property(m => m.EditedAt).IsModified && entry.Property(m => m.Content) is { IsModified: true } content
                 && content.OriginalValue != content.CurrentValue)
            report(WebhookEvents.MessageUpdated, message, new { content = new WebhookChange(content.OriginalValue, content.CurrentValue) });
    }

    private static List<string> Changed(EntityEntry entry, string[] names) =>
        [.. names.Where(n => entry.Property(n) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue))
            .Select(n => char.ToLowerInvariant(n[0]) + n[1..])];

    /// <summary>One delivery per subscription per change, with its body read now (inside the transaction, ids assigned).</summary>
    public static async Task<List<WebhookDelivery>> DeliveriesAsync(ChatDbContext db, List<ReportedChange> changes, DateTime now, CancellationToken ct)
    {
        var threadIds = changes.Select(c => c.Entity switch { ChatThread t => t.Id, ConversationRef r => r.Id, _ => 0 })
            .Where(id => id != 0).Distinct().ToList();
        var conversations = await WebhookPayloads.ConversationsAsync(db, threadIds, ct);
        var messages = changes.Select(c => c.Entity).OfType<Message>().ToList();
        var messageThreads = messages.Select(m => m.ThreadId).Distinct().ToList();
        var customerThreads = messageThreads.Count == 0
            ? []
            : (await db.Threads.AsNoTracking().Where(t => messageThreads.Contains(t.Id) && t.ContactId != null).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
        var messageViews = await WebhookPayloads.MessagesAsync(db,
            [.. messages.Where(m => customerThreads.Contains(m.ThreadId)).Select(m => m.Id).Distinct()], ct);
        var contacts = new Dictionary<long, object>();
        foreach (var contact in changes.Select(c => c.Entity).OfType<Contact>().DistinctBy(c => c.Id))
            contacts[contact.Id] = await WebhookPayloads.ContactAsync(db, contact, now, ct);

        var deliveries = new List<WebhookDelivery>();
        foreach (var change in changes)
        {
            object? data = change.Entity switch
            {
                ChatThread t => conversations.GetValueOrDefault(t.Id),
                ConversationRef r => conversations.GetValueOrDefault(r.Id),
                Message m => messageViews.GetValueOrDefault(m.Id),
                Contact c => contacts.GetValueOrDefault(c.Id),
                _ => null,
            };
            if (data is null)
                continue; // a message of a staff thread, or a row deleted in the same transaction
            foreach (var subscriptionId in change.SubscriptionIds)
                deliveries.Add(New(subscriptionId, change.Event, data, change.Changes, now));
        }
        return deliveries;
    }

    public static WebhookDelivery New(long subscriptionId, string @event, object data, object? changes, DateTime now)
    {
        var id = Guid.NewGuid();
        return new WebhookDelivery
        {
            DeliveryId = id,
            SubscriptionId = subscriptionId,
            Event = @event,
            Payload = WebhookPayloads.Serialize(new WebhookEnvelope(id, @event, now, data, changes)),
            CreatedAt = now,
            Status = WebhookDeliveryStatus.Pending,
            NextAttemptAt = now,
        };
    }
}
