using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>Public and internal articles, channels whose assistant answers first, and waits on what it wrote.</summary>
internal static class CustomerKit
{
    /// <summary>A word no other test uses (letters only), so each test's articles match only its own questions.</summary>
    public static string Word() => new([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('k' + c % 16))]);

    public static Task<WebsiteChannel> AssistantChannelAsync(DashboardFactory factory, double threshold = 0.3) =>
        WidgetKit.CreateChannelAsync(factory, c =>
        {
            c.AssistantFirstReply = true;
            c.AssistantHandOffThreshold = threshold;
        });

    /// <summary>A published article, public (help center) or internal (staff only).</summary>
    public static async Task<long> ArticleAsync(DashboardFactory factory, string title, string body, KnowledgeAudience audience = KnowledgeAudience.Public, string language = "en")
    {
        var author = await factory.CreateUserAsync("Author " + Word(), Roles.Admin);
        var article = await factory.Services.GetRequiredService<KnowledgeService>().CreateAsync(author, new SaveKnowledgeRequest(title, body, language));
        await factory.QueryAsync(db => db.KnowledgeArticles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Audience, audience)));
        return article.Id;
    }

    /// <summary>The conversation's assistant messages once one satisfies <paramref name="done"/>.</summary>
    public static Task<Message> AssistantMessageAsync(DashboardFactory factory, long threadId, Func<Message, bool> done) =>
        ProviderAppFixture.WaitForAiAsync(factory, threadId, done, timeoutSeconds: 30);

    public static Task<Message> FinishedAsync(DashboardFactory factory, long threadId) =>
        AssistantMessageAsync(factory, threadId, m => m.Status != MessageStatus.Sending);

    /// <summary>The conversation once <paramref name="done"/> holds (polls the database).</summary>
    public static async Task<ChatThread> ThreadAsync(DashboardFactory factory, long threadId, Func<ChatThread, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var thread = await factory.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId));
            if (done(thread))
                return thread;
            if (DateTime.UtcNow > deadline)
            {
                var messages = await factory.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId).OrderBy(m => m.Id).ToListAsync());
                throw new TimeoutException($"Conversation {threadId} stayed {thread.Status}, handed off {thread.HandedOffAt} ({thread.HandOffReason}): "
                                           + string.Join(" | ", messages.Select(m => $"{m.Id} {m.SenderType} {m.Status} {m.ClientKey} '{m.Content}'")));
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Staff-only system lines of the conversation (routing, the hand-off note), once one of <paramref name="type"/> is there.</summary>
    public static async Task<List<Message>> SystemLinesAsync(DashboardFactory factory, long threadId, string type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = await factory.QueryAsync(db => db.Messages.AsNoTracking()
                .Where(m => m.ThreadId == threadId && m.Type == MessageType.System).OrderBy(m => m.Id).ToListAsync());
            if (lines.Any(l => l.Metadata?.System?.Type == type))
                return lines;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No '{type}' line in conversation {threadId}: " + string.Join(" | ", lines.Select(l => l.Content)));
            await Task.Delay(25);
        }
    }
}

/// <summary>The widget hub as a visitor hears it, with the official .NET SignalR client.</summary>
internal sealed class VisitorHub : IAsyncDisposable
{
    private static readonly string[] Names = ["message", "messageUpdated", "status", "conversationStarted"];
    private readonly Channel<(string Name, JsonElement Payload)> _events = Channel.CreateUnbounded<(string, JsonElement)>();
    private readonly List<string> _raw = [];
    private readonly HubConnection _connection;

    private VisitorHub(HubConnection connection)
    {
        _connection = connection;
        foreach (var name in Names)
            connection.On<JsonElement>(name, payload =>
            {
                lock (_raw)
                    _raw.Add(payload.GetRawText());
                _events.Writer.TryWrite((name, payload));
            });
    }

    public string Raw
    {
        get
        {
            lock (_raw)
                return string.Join("\n", _raw);
        }
    }

    public static async Task<VisitorHub> ConnectAsync(DashboardFactory factory, string token)
    {
        factory.CreateClient().Dispose();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/widget"), o =>
            {
                o.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.Headers["Origin"] = WidgetKit.ShopOrigin;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var hub = new VisitorHub(connection);
        await connection.StartAsync();
        return hub;
    }

    /// <summary>Every event (name, payload) until one satisfies <paramref name="last"/>; fails after 20 s.</summary>
    public async Task<List<(string Name, JsonElement Payload)>> UntilAsync(Func<string, JsonElement, bool> last)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<(string, JsonElement)>();
        while (true)
        {
            var (name, payload) = await _events.Reader.ReadAsync(timeout.Token);
            seen.Add((name, payload));
            if (last(name, payload))
                return seen;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
