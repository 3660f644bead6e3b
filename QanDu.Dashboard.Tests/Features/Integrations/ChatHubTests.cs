using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Integrations;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Integrations;

/// <summary>The app on Kestrel at a loopback port, for real SignalR connections; posts per key are kept low to test the limit.</summary>
public sealed class ChatHubHost : IDisposable
{
    public const int KeyWritesPerMinute = 6;

    public ChatHubHost()
    {
        Factory = new DashboardFactory { Settings = { ["RateLimits:KeyWritesPerMinute"] = KeyWritesPerMinute.ToString() } };
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseAddress = Factory.ClientOptions.BaseAddress;
    }

    public DashboardFactory Factory { get; }

    public Uri BaseAddress { get; }

    public void Dispose() => Factory.Dispose();
}

/// <summary>The real-time API at /hubs/chat, through Microsoft.AspNetCore.SignalR.Client as an integration uses it.</summary>
public sealed class ChatHubTests(ChatHubHost host) : IClassFixture<ChatHubHost>
{
    private DashboardFactory Factory => host.Factory;

    [Fact]
    public async Task ApiKey_SubscribeSendDisconnectResume_GetsExactlyTheMissedMessages()
    {
        var agent = await Factory.CreateUserAsync("Hub Agent", Roles.Agent);
        var colleague = await Factory.CreateUserAsync("Hub Colleague", Roles.Agent);
        var threadId = await Factory.CreateGroupThreadAsync(agent, "Integration thread", colleague);
        var key = await KeyOfAsync(agent);
        using var rest = await Factory.CreateClientForAsync(colleague);

        await using (var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, key))
        {
            await hub.Connection.InvokeAsync("SubscribeThread", threadId);

            // A message posted on REST arrives as messagePosted, in the JSON the REST API answered with.
            var posted = await rest.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Posted by REST", clientKey = "rest-1" });
            posted.StatusCode.Should().Be(HttpStatusCode.Created);
            using var restJson = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
            var received = await hub.NextAsync(FeedEventNames.MessagePosted);
            SameShape(received, restJson.RootElement);
            received.GetProperty("content").GetString().Should().Be("Posted by REST");
            received.GetProperty("senderName").GetString().Should().Be("Hub Colleague");
            received.GetProperty("senderType").GetString().Should().Be("user");

            // Sending is idempotent: the same key again answers the stored message, never a second one.
            var sent = await hub.Connection.InvokeAsync<JsonElement>("SendMessage", threadId, "Sent on the hub", "hub-1");
            var again = await hub.Connection.InvokeAsync<JsonElement>("SendMessage", threadId, "Sent on the hub", "hub-1");
            again.GetProperty("id").GetInt64().Should().Be(sent.GetProperty("id").GetInt64());
            SameShape(sent, restJson.RootElement);
            var echoed = await hub.NextAsync(FeedEventNames.MessagePosted, m => m.GetProperty("clientKey").GetString() == "hub-1");
            echoed.GetProperty("senderName").GetString().Should().Be("Hub Agent");
            (await Factory.QueryAsync(db => Task.FromResult(db.Messages.Count(m => m.ThreadId == threadId && m.ClientKey == "hub-1"))))
                .Should().Be(1);
        }

        // Disconnected: two messages are posted meanwhile.
        var lastSeen = await Factory.QueryAsync(db => Task.FromResult(db.Messages.Where(m => m.ThreadId == threadId).Max(m => m.Id)));
        (await rest.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Missed one", clientKey = "rest-2" })).EnsureSuccessStatusCode();
        (await rest.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Missed two", clientKey = "rest-3" })).EnsureSuccessStatusCode();

        await using var back = await HubClient.ConnectWithKeyAsync(host.BaseAddress, key);
        var missed = await back.Connection.InvokeAsync<NewerMessages>("Resume", threadId, lastSeen);

        missed.Messages.Select(m => m.Content).Should().Equal("Missed one", "Missed two");
        missed.HasMore.Should().BeFalse();
    }

    [Fact]
    public async Task SubscribeThread_AnotherPersonsThread_NotFoundAndNoEvents()
    {
        var owner = await Factory.CreateUserAsync("Thread Owner", Roles.Agent);
        var other = await Factory.CreateUserAsync("Thread Other", Roles.Agent);
        var outsider = await Factory.CreateUserAsync("Outsider Agent", Roles.Agent);
        var threadId = await Factory.CreateGroupThreadAsync(owner, "Private matters", other);
        await using var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, await KeyOfAsync(outsider));

        var subscribe = () => hub.Connection.InvokeAsync("SubscribeThread", threadId);
        var send = () => hub.Connection.InvokeAsync<JsonElement>("SendMessage", threadId, "Let me in", "outsider-1");
        var resume = () => hub.Connection.InvokeAsync<NewerMessages>("Resume", threadId, 0L);
        var typing = () => hub.Connection.InvokeAsync("Typing", threadId);

        (await subscribe.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain($"Not found: Thread {threadId} was not found.");
        await send.Should().ThrowAsync<HubException>().WithMessage("*not found*");
        await resume.Should().ThrowAsync<HubException>().WithMessage("*not found*");
        await typing.Should().ThrowAsync<HubException>().WithMessage("*not found*");
        await Factory.Messages.PostAsync(owner, new PostMessageRequest(threadId, "Secret plans"));

        (await hub.DrainAsync(TimeSpan.FromSeconds(1))).Should().BeEmpty("a thread the caller may not see sends them nothing");
        (await Factory.QueryAsync(db => Task.FromResult(db.Messages.Count(m => m.ThreadId == threadId && m.SenderId == outsider.UserId))))
            .Should().Be(0);
    }

    [Fact]
    public async Task Events_FollowChangesMadeElsewhere_InTheRestShapes()
    {
        var agent = await Factory.CreateUserAsync("Watching Agent", Roles.Agent);
        var colleague = await Factory.CreateUserAsync("Busy Colleague", Roles.Agent);
        var threadId = await Factory.CreateGroupThreadAsync(agent, "Watched thread", colleague);
        using var rest = await Factory.CreateClientForAsync(colleague);
        await using var watcher = await HubClient.ConnectWithKeyAsync(host.BaseAddress, await KeyOfAsync(agent));
        await using var typist = await HubClient.ConnectWithKeyAsync(host.BaseAddress, await KeyOfAsync(colleague));
        await watcher.Connection.InvokeAsync("SubscribeThread", threadId);
        var mine = await watcher.Connection.InvokeAsync<MessageView>("SendMessage", threadId, "Anyone there?", "watch-1");

        await typist.Connection.InvokeAsync("Typing", threadId);
        var typing = await watcher.NextAsync(FeedEventNames.Typing, t => t.GetProperty("typists").GetArrayLength() > 0);
        typing.GetProperty("typists")[0].GetProperty("displayName").GetString().Should().Be("Busy Colleague");

        var wrongMessage = () => typist.Connection.InvokeAsync<ReadStateView>("MarkRead", threadId, mine.Id + 1_000_000);
        await wrongMessage.Should().ThrowAsync<HubException>().WithMessage($"*Invalid request: Message {mine.Id + 1_000_000} is not in thread {threadId}.*");
        var read = await typist.Connection.InvokeAsync<ReadStateView>("MarkRead", threadId, mine.Id);
        read.LastReadMessageId.Should().Be(mine.Id);
        var status = await watcher.NextAsync(FeedEventNames.StatusChanged);
        status.GetProperty("upToMessageId").GetInt64().Should().Be(mine.Id);
        status.GetProperty("status").GetString().Should().Be("read");

        var reply = await (await rest.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Yes, here", clientKey = "c-1" })).ReadAsync<MessageView>();
        (await rest.PutAsJsonAsync($"/api/chat/message/{reply.Id}", new { content = "Yes, right here" })).EnsureSuccessStatusCode();
        (await watcher.NextAsync(FeedEventNames.MessageEdited, m => m.GetProperty("id").GetInt64() == reply.Id
                                                                   && m.GetProperty("content").GetString() == "Yes, right here"))
            .GetProperty("editedAt").ValueKind.Should().Be(JsonValueKind.String);
        (await rest.DeleteAsync($"/api/chat/message/{reply.Id}")).EnsureSuccessStatusCode();
        (await watcher.NextAsync(FeedEventNames.MessageDeleted, m => m.GetProperty("id").GetInt64() == reply.Id))
            .GetProperty("deleted").GetBoolean().Should().BeTrue();

        (await rest.PutAsJsonAsync($"/api/chat/thread/{threadId}", new { title = "Renamed by a colleague" })).EnsureSuccessStatusCode();
        using var restThread = JsonDocument.Parse(await rest.GetStringAsync($"/api/chat/thread/{threadId}"));
        var changed = await watcher.NextAsync(FeedEventNames.ThreadChanged, t => t.GetProperty("title").GetString() == "Renamed by a colleague");
        SameShape(changed, restThread.RootElement);
        changed.GetProperty("id").GetInt64().Should().Be(threadId);

        // Unsubscribed: nothing more of the thread.
        await watcher.Connection.InvokeAsync("UnsubscribeThread", threadId);
        await Factory.Messages.PostAsync(colleague, new PostMessageRequest(threadId, "After unsubscribing"));
        (await watcher.DrainAsync(TimeSpan.FromSeconds(1))).Select(e => e.Name).Should().NotContain(FeedEventNames.MessagePosted);
    }

    [Fact]
    public async Task RevokedKey_OpenConnectionIsAborted_AndCannotConnectAgain()
    {
        var agent = await Factory.CreateUserAsync("Revoking Agent", Roles.Agent);
        var keys = Factory.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync(agent.UserId, "hub");
        await using var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, created.Secret);

        await keys.RevokeAsync(agent.UserId, created.Key.Id);

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(15)); // the server ended the connection
        hub.Connection.State.Should().Be(HubConnectionState.Disconnected);
        var connect = () => HubClient.ConnectWithKeyAsync(host.BaseAddress, created.Secret);
        (await connect.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var byQuery = () => HubClient.ConnectWithQueryTokenAsync(host.BaseAddress, created.Secret);
        await byQuery.Should().ThrowAsync<Exception>("a revoked key in the query string is refused as well");
    }

    [Fact]
    public async Task DeactivatedPerson_OpenConnectionIsAborted()
    {
        var admin = await Factory.CreateUserAsync("Hub Admin", Roles.Admin);
        var agent = await Factory.CreateUserAsync("Leaving Agent", Roles.Agent);
        await using var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, await KeyOfAsync(agent));

        await using (var scope = Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PeopleService>().DeactivateAsync(admin, agent.UserId);

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(15)); // the server ended the connection
        hub.Connection.State.Should().Be(HubConnectionState.Disconnected);
    }

    [Fact]
    public async Task Customer_HasNoBusinessOnTheHub_ConnectionAborted()
    {
        var customer = await Factory.CreateUserAsync("Curious Customer", role: null);
        await using var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, await KeyOfAsync(customer));

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        hub.Connection.State.Should().Be(HubConnectionState.Disconnected, "customers use the widget's hub, never the staff one");
    }

    [Fact]
    public async Task QueryStringKey_WebSocketWithoutNegotiation_Works_AndIsIgnoredOutsideTheHub()
    {
        var agent = await Factory.CreateUserAsync("Browser Integration", Roles.Agent);
        var threadId = await Factory.CreateGroupThreadAsync(agent, "Query token thread", await Factory.CreateUserAsync("Query Peer", Roles.Agent));
        var key = await KeyOfAsync(agent);
        await using var hub = await HubClient.ConnectWithQueryTokenAsync(host.BaseAddress, key);

        await hub.Connection.InvokeAsync("SubscribeThread", threadId);
        await Factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Over a bare WebSocket"));
        (await hub.NextAsync(FeedEventNames.MessagePosted)).GetProperty("content").GetString().Should().Be("Over a bare WebSocket");

        using var anonymous = Factory.CreateClient();
        var rest = await anonymous.GetAsync($"/api/chat/history?threadId={threadId}&access_token={Uri.EscapeDataString(key)}");
        rest.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "only the hub takes a key from the query string");
    }

    [Fact]
    public async Task Cookie_SameSiteConnectionWorks_CrossSiteOriginIsRefused()
    {
        const string password = "Hub-cookie-pass-1";
        var (userId, email) = await FormSignIn.CreateUserAsync(Factory.Services, "Cookie Agent", Roles.Agent, password);
        var agent = ChatCaller.ForRoles(userId, "Cookie Agent", [Roles.Agent]);
        var threadId = await Factory.CreateGroupThreadAsync(agent, "Cookie thread", await Factory.CreateUserAsync("Cookie Peer", Roles.Agent));
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var cookie = await FormSignIn.SignInAsync(browser, email, password);

        await using var hub = await HubClient.ConnectWithCookieAsync(host.BaseAddress, cookie, origin: host.BaseAddress.GetLeftPart(UriPartial.Authority));
        await hub.Connection.InvokeAsync("SubscribeThread", threadId);
        var sent = await hub.Connection.InvokeAsync<MessageView>("SendMessage", threadId, "Signed in by cookie", "cookie-1");
        sent.SenderName.Should().Be("Cookie Agent");
        (await hub.NextAsync(FeedEventNames.MessagePosted)).GetProperty("id").GetInt64().Should().Be(sent.Id);

        var crossSite = () => HubClient.ConnectWithCookieAsync(host.BaseAddress, cookie, origin: "http://evil.example");
        (await crossSite.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SendMessage_OverTheKeysPostLimit_RefusedWithTheLimit_SharedWithRest()
    {
        var agent = await Factory.CreateUserAsync("Chatty Integration", Roles.Agent);
        var threadId = await Factory.CreateGroupThreadAsync(agent, "Flooded thread", await Factory.CreateUserAsync("Flood Peer", Roles.Agent));
        var key = await KeyOfAsync(agent);
        await using var hub = await HubClient.ConnectWithKeyAsync(host.BaseAddress, key);

        for (var i = 0; i < ChatHubHost.KeyWritesPerMinute; i++)
            await hub.Connection.InvokeAsync<MessageView>("SendMessage", threadId, $"Message {i}", $"flood-{i}");
        var overLimit = () => hub.Connection.InvokeAsync<MessageView>("SendMessage", threadId, "One too many", "flood-x");

        await overLimit.Should().ThrowAsync<HubException>().WithMessage($"*Too many requests:*at most {ChatHubHost.KeyWritesPerMinute} changes a minute per API key*");
        using var rest = new HttpClient { BaseAddress = host.BaseAddress };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        (await rest.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Via REST", clientKey = "flood-rest" }))
            .StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the hub's posts count against the same budget");
        (await Factory.QueryAsync(db => Task.FromResult(db.Messages.Count(m => m.ThreadId == threadId))))
            .Should().Be(ChatHubHost.KeyWritesPerMinute);
    }

    private async Task<string> KeyOfAsync(ChatCaller user) =>
        (await Factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(user.UserId, "hub tests")).Secret;

    /// <summary>The hub's JSON has the same property names as the REST API's for the same kind of thing.</summary>
    private static void SameShape(JsonElement hub, JsonElement rest) =>
        hub.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(rest.EnumerateObject().Select(p => p.Name));
}
