using QanDu.Dashboard.Features.Operations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.ReadState;

namespace QanDu.Dashboard.Features.Integrations;

/// <summary>
/// The real-time API for integrations at <c>/hubs/chat</c>, signed in like the REST API (the cookie, or a personal API
/// key as a bearer token or <c>?access_token=</c>). A door only: each method calls the service the REST API calls, with
/// the connection's caller; the services decide what that caller may see and do (<see cref="IntegrationHubErrors"/>
/// turns their refusals into <see cref="HubException"/>s).
/// </summary>
[Authorize]
[HubAudience(HubAudience.Staff)]
public sealed class ChatHub(
    IntegrationConnections connections, MessageService messages, TypingService typing, ReadStateService readState) : Hub
{
    public const string Path = Account.ApiKeyAuthenticationHandler.HubPath;

    public override async Task OnConnectedAsync()
    {
        await connections.OpenAsync(Context, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Close(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Events of the thread from now on, on this connection; "not found" for a thread the caller may not see.</summary>
    public Task SubscribeThread(long threadId) => connections.Of(Context).SubscribeAsync(threadId, Context.ConnectionAborted);

    public Task UnsubscribeThread(long threadId)
    {
        connections.Of(Context).Unsubscribe(threadId);
        return Task.CompletedTask;
    }

    /// <summary>Posts as the caller; the same <paramref name="clientKey"/> again returns the stored message, never a second one.</summary>
    public async Task<MessageView> SendMessage(long threadId, string content, string? clientKey)
    {
        var outcome = await messages.PostAsync(connections.Of(Context).Caller, new PostMessageRequest(threadId, content, clientKey), Context.ConnectionAborted);
        return outcome.Message;
    }

    public Task Typing(long threadId) => typing.TypingAsync(connections.Of(Context).Caller, threadId, Context.ConnectionAborted);

    public Task<ReadStateView> MarkRead(long threadId, long messageId) =>
        readState.MarkReadAsync(connections.Of(Context).Caller, threadId, messageId, Context.ConnectionAborted);

    /// <summary>What was posted after <paramref name="afterMessageId"/> (the last message the client has), oldest first.</summary>
    public Task<NewerMessages> Resume(long threadId, long afterMessageId) =>
        connections.Of(Context).Feed.ResumeAsync(connections.Of(Context).Caller, threadId, afterMessageId, Context.ConnectionAborted);
}
