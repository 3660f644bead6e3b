using QanDu.Dashboard.Features.Operations;
using Microsoft.AspNetCore.SignalR;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Widget;

/// <summary>
/// The widget's live connection (<c>/hubs/widget</c>, signed in by the visitor token). It pushes what happens in the
/// visitor's conversations (<see cref="WidgetConnections"/>) and takes the visitor's typing, reading and page; sending
/// stays on REST, where the idempotency key makes a resend after a reconnect safe. Every call is rate limited per
/// connection (<see cref="WidgetHubLimits"/>).
/// </summary>
[HubAudience(HubAudience.Visitor)]
public sealed class WidgetHub(
    WidgetConnections connections, CustomerConversations conversations, ReadStateService readState, ContactService contacts, IChatEvents events)
    : Hub
{
    public const int MaxPreview = 200;

    public override async Task OnConnectedAsync()
    {
        var visitor = Visitor.From(Context.User!);
        WidgetHubLimits.Attach(Context);
        await connections.AttachAsync(Context.ConnectionId, visitor, Context.ConnectionAborted);
        await contacts.TouchAsync(visitor.ContactId, ct: Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Detach(Context.ConnectionId);
        WidgetHubLimits.Detach(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The visitor's draft so far (staff see a preview); an empty preview: stopped typing.</summary>
    public async Task Typing(long conversationId, string? preview)
    {
        var visitor = Visitor.From(Context.User!);
        await conversations.RequireOwnAsync(visitor, conversationId, Context.ConnectionAborted);
        var text = (preview ?? "").Replace("\0", "", StringComparison.Ordinal).Trim();
        if (text.Length > MaxPreview)
            text = text[..MaxPreview];
        events.Publish(new CustomerTyping(conversationId, text, text.Length > 0));
    }

    /// <summary>The visitor has seen the conversation up to this message: staff messages up to it turn "read".</summary>
    public async Task Read(long conversationId, long messageId)
    {
        var visitor = Visitor.From(Context.User!);
        await conversations.RequireOwnAsync(visitor, conversationId, Context.ConnectionAborted);
        await readState.MarkAsync(visitor.Caller, conversationId, messageId, Data.Entities.MessageStatus.Read, Context.ConnectionAborted);
    }

    /// <summary>The page the visitor is on now (agents see it live on the contact).</summary>
    public async Task Page(string? url, string? title)
    {
        TextInput.RefuseNul("url", url);
        TextInput.RefuseNul("title", title);
        var visitor = Visitor.From(Context.User!);
        await contacts.TouchAsync(visitor.ContactId, new VisitorPage(Clip(url, 2048), Clip(title, 200)), Context.ConnectionAborted);
    }

    /// <summary>Listens to a conversation of the visitor's (one started after connecting; others tabs learn it by conversationStarted).</summary>
    public async Task Watch(long conversationId)
    {
        var visitor = Visitor.From(Context.User!);
        await conversations.RequireOwnAsync(visitor, conversationId, Context.ConnectionAborted);
        connections.Watch(Context.ConnectionId, conversationId);
    }

    private static string? Clip(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim() is var t && t.Length > max ? t[..max] : text.Trim();
}
