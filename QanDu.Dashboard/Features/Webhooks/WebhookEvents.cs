namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>The events a webhook subscription can ask for (and <see cref="Ping"/>, the test event, which it always gets when sent).</summary>
public static class WebhookEvents
{
    public const string ConversationCreated = "conversation.created";
    public const string ConversationStatusChanged = "conversation.status_changed";
    public const string ConversationAssigned = "conversation.assigned";
    public const string MessageCreated = "message.created";
    public const string MessageUpdated = "message.updated";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string CsatSubmitted = "csat.submitted";

    /// <summary>A test event sent from the page or <c>POST /api/admin/webhooks/{id}/test</c>; not subscribable.</summary>
    public const string Ping = "ping";

    /// <summary>Every subscribable event, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ConversationCreated, ConversationStatusChanged, ConversationAssigned, MessageCreated, MessageUpdated,
        ContactCreated, ContactUpdated, CsatSubmitted,
    ];

    /// <summary>What each event reports, for the page and the docs.</summary>
    public static string Describe(string name) => name switch
    {
        ConversationCreated => "A customer conversation started",
        ConversationStatusChanged => "A conversation was resolved, reopened, snoozed or set pending",
        ConversationAssigned => "A conversation's assignee or team changed",
        MessageCreated => "A message in a customer conversation (not private notes or system lines)",
        MessageUpdated => "A message was edited or deleted",
        ContactCreated => "A new contact",
        ContactUpdated => "A contact's details changed",
        CsatSubmitted => "A customer rated a resolved conversation",
        Ping => "Test event",
        _ => name,
    };
}
