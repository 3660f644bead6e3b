using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>The widget's hub with the official .NET SignalR client: what the visitor is pushed, and what it may call.</summary>
public sealed class WidgetHubTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Hub_AgentTypesAndReplies_VisitorSeesTypingThenTheReplyButNeverANote()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);
        var question = await SendAsync(client, "Is anyone there?");
        await using var hub = await HubEvents.ConnectAsync(factory, session.VisitorToken);
        var agent = await factory.CreateUserAsync("Agent Typist", Roles.Agent);
        var agentEmail = await FormSignIn.EmailOfAsync(factory.Services, agent.UserId);

        await factory.Services.GetRequiredService<TypingService>().TypingAsync(agent, question.ConversationId);
        var typing = await hub.NextAsync("typing");
        factory.Services.GetRequiredService<IChatEvents>().Publish(new MessagePosted(new MessageSnapshot(
            long.MaxValue - 1, question.ConversationId, "Internal: check the fraud list", MessageType.Text, agent.UserId, agent.DisplayName,
            SenderType.User, DateTime.UtcNow, MessageStatus.Sent, null, null, null, false, "note", null, []) { IsPrivate = true }));
        await factory.Messages.PostAsync(agent, new PostMessageRequest(question.ConversationId, "Yes, I am *here*.", "reply-1"));
        var reply = await hub.NextAsync("message", m => m.GetProperty("sender").GetProperty("kind").GetString() == "agent");

        typing.GetProperty("conversationId").GetInt64().Should().Be(question.ConversationId);
        typing.GetProperty("name").GetString().Should().Be("Agent Typist");
        typing.GetProperty("typing").GetBoolean().Should().BeTrue();
        reply.GetProperty("content").GetString().Should().Be("Yes, I am *here*.");
        reply.GetProperty("html").GetString().Should().Contain("<em>here</em>");
        reply.GetProperty("sender").GetProperty("name").GetString().Should().Be("Agent Typist");
        hub.Raw.Should().NotContain("fraud list").And.NotContain(agentEmail).And.NotContain(agent.UserId);
    }

    [Fact]
    public async Task Hub_AgentReadsAndResolves_VisitorSeesSeenStatusAndRatingRequest()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);
        var question = await SendAsync(client, "Please close my ticket");
        await using var hub = await HubEvents.ConnectAsync(factory, session.VisitorToken);
        var agent = await factory.CreateUserAsync("Agent Resolver", Roles.Agent);

        await factory.ReadState.MarkAsync(agent, question.ConversationId, question.Id, MessageStatus.Read);
        var read = await hub.NextAsync("read");
        await factory.Threads.UpdateThreadAsync(agent, question.ConversationId, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        var status = await hub.NextAsync("status");
        var rating = await hub.NextAsync("ratingRequested");

        read.GetProperty("upToMessageId").GetInt64().Should().Be(question.Id);
        status.GetProperty("status").GetString().Should().Be("resolved");
        rating.GetProperty("conversationId").GetInt64().Should().Be(question.ConversationId);
    }

    [Fact]
    public async Task Hub_ConversationStartedByRest_JoinedAndAnnounced()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);
        await using var hub = await HubEvents.ConnectAsync(factory, session.VisitorToken);

        var question = await SendAsync(client, "A first question, after connecting");
        var started = await hub.NextAsync("conversationStarted");
        var agent = await factory.CreateUserAsync("Agent Late", Roles.Agent);
        await factory.Messages.PostAsync(agent, new PostMessageRequest(question.ConversationId, "Welcome!", "late-1"));
        var reply = await hub.NextAsync("message", m => m.GetProperty("content").GetString() == "Welcome!");

        started.GetProperty("conversationId").GetInt64().Should().Be(question.ConversationId);
        reply.GetProperty("conversationId").GetInt64().Should().Be(question.ConversationId);
    }

    [Fact]
    public async Task Hub_VisitorTypes_StaffGetTheTrimmedPreview()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);
        var question = await SendAsync(client, "Hello");
        await using var hub = await HubEvents.ConnectAsync(factory, session.VisitorToken);
        var seen = Channel.CreateUnbounded<CustomerTyping>();
        using var _ = factory.Services.GetRequiredService<IChatEvents>().Subscribe(question.ConversationId, e =>
        {
            if (e is CustomerTyping typing)
                seen.Writer.TryWrite(typing);
            return Task.CompletedTask;
        });

        await hub.Connection.InvokeAsync("Typing", question.ConversationId, new string('a', 300));
        var preview = await seen.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        preview.Preview.Should().HaveLength(200);
        preview.Typing.Should().BeTrue();
    }

    [Fact]
    public async Task Hub_AnotherContactsConversation_RefusedAsNotFound()
    {
        var channel = await CreateChannelAsync(factory);
        var (alice, _) = await VisitAsync(factory, channel);
        var theirs = await SendAsync(alice, "Alice's question");
        var (_, mallory) = await VisitAsync(factory, channel);
        await using var hub = await HubEvents.ConnectAsync(factory, mallory.VisitorToken);

        var watch = () => hub.Connection.InvokeAsync("Watch", theirs.ConversationId);
        var typing = () => hub.Connection.InvokeAsync("Typing", theirs.ConversationId, "hello");
        var read = () => hub.Connection.InvokeAsync("Read", theirs.ConversationId, theirs.Id);

        (await watch.Should().ThrowAsync<HubException>()).WithMessage("*not found*");
        await typing.Should().ThrowAsync<HubException>();
        await read.Should().ThrowAsync<HubException>();
    }

    [Fact]
    public async Task Hub_OriginNotAllowedOrNoToken_Refused()
    {
        var channel = await CreateChannelAsync(factory);
        var (_, session) = await VisitAsync(factory, channel);

        var evil = () => HubEvents.ConnectAsync(factory, session.VisitorToken, origin: "https://evil.example");
        var anonymous = () => HubEvents.ConnectAsync(factory, token: null);

        (await evil.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    /// <summary>A widget connection: every event it is pushed, in order, as raw JSON.</summary>
    private sealed class HubEvents : IAsyncDisposable
    {
        private static readonly string[] Names = ["message", "messageUpdated", "typing", "status", "read", "ratingRequested", "conversationStarted", "resync"];
        private readonly Channel<(string Name, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
        private readonly List<string> _raw = [];

        private HubEvents(HubConnection connection)
        {
            Connection = connection;
            foreach (var name in Names)
                connection.On<JsonElement>(name, payload =>
                {
                    lock (_raw)
                        _raw.Add(payload.GetRawText());
                    _events.Writer.TryWrite((name, payload));
                });
        }

        public HubConnection Connection { get; }

        public string Raw
        {
            get
            {
                lock (_raw)
                    return string.Join("\n", _raw);
            }
        }

        public static async Task<HubEvents> ConnectAsync(DashboardFactory factory, string? token, string origin = ShopOrigin)
        {
            factory.CreateClient().Dispose(); // the server is started
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/widget"), o =>
                {
                    o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                    o.Transports = HttpTransportType.LongPolling;
                    o.Headers["Origin"] = origin;
                    if (token is not null)
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            var events = new HubEvents(connection);
            await connection.StartAsync();
            return events;
        }

        /// <summary>The next event of this name (matching, when given), skipping others; fails after 15 s.</summary>
        public async Task<JsonElement> NextAsync(string name, Func<JsonElement, bool>? match = null)
        {
            using var timeout = new CancellationTokenSource(Wait);
            while (true)
            {
                var (eventName, payload) = await _events.Reader.ReadAsync(timeout.Token);
                if (eventName == name && (match is null || match(payload)))
                    return payload;
            }
        }

        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }
}
