using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>
/// The whole app with a real remote provider (Azure OpenAI or OpenAI-compatible, by the app's own registration) pointed
/// at one <see cref="FakeOpenAiServer"/>: one app per provider, started on first use. Tests in a class run one at a
/// time, so each scripts the server's next replies.
/// </summary>
public sealed class ProviderAppFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, DashboardFactory> _apps = new();

    public FakeOpenAiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeOpenAiServer.StartAsync();

    public DashboardFactory App(string provider) => _apps.GetOrAdd(provider, p => Create(p, Server.Root));

    /// <summary>An app of its own (disposed by the caller), e.g. pointed where nothing listens.</summary>
    public static DashboardFactory Create(string provider, string root)
    {
        var settings = AiTestSettings.For(provider, root);
        settings["Ai:FlushInterval"] = "00:00:00.050";
        settings["Ai:SaveInterval"] = "00:00:00.500";
        settings["Ai:FirstTokenTimeout"] = "00:00:03";
        settings["Ai:MaxToolRounds"] = "5";
        return new DashboardFactory { Settings = settings };
    }

    public static async Task<(ChatCaller Agent, long ThreadId)> AiThreadAsync(DashboardFactory app, string title, string agentName = "Maya")
    {
        var agent = await app.CreateUserAsync(agentName, Dashboard.Features.Access.Roles.Agent);
        var thread = await app.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, title, []));
        return (agent, thread.Id);
    }

    /// <summary>The thread's AI message once one satisfies <paramref name="done"/> (polls the database).</summary>
    public static async Task<Message> WaitForAiAsync(DashboardFactory app, long threadId, Func<Message, bool> done, int timeoutSeconds = 40)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var messages = await app.QueryAsync(db => db.Messages.AsNoTracking()
                .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai).ToListAsync());
            if (messages.FirstOrDefault(done) is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No AI message in thread {threadId} reached the expected state; found: "
                                           + string.Join(" | ", messages.Select(m => $"{m.Status} '{m.Content}' {m.Metadata?.Ai?.Error}")));
            await Task.Delay(25);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps.Values)
            await app.DisposeAsync();
        await Server.DisposeAsync();
    }
}
