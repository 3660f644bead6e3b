using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>The whole app with the scripted client behind the assistant.</summary>
public sealed class AssistantFixture : IDisposable
{
    public AssistantFixture()
    {
        App = new DashboardFactory
        {
            TestServices = services => services.AddSingleton<IChatClient>(Client),
            Settings = { ["Ai:FlushInterval"] = "00:00:00.050", ["Ai:SaveInterval"] = "00:00:00.500" },
        };
    }

    public ScriptedChatClient Client { get; } = new();

    public DashboardFactory App { get; }

    public async Task<(ChatCaller Agent, long ThreadId)> AiThreadAsync(string title)
    {
        var agent = await App.CreateUserAsync("Agent " + title, Dashboard.Features.Access.Roles.Agent);
        var thread = await App.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, title, []));
        return (agent, thread.Id);
    }

    /// <summary>The thread's AI messages once one satisfies <paramref name="done"/> (polls the database).</summary>
    public async Task<Message> WaitForAiAsync(long threadId, Func<Message, bool> done, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var messages = await App.QueryAsync(db => db.Messages.AsNoTracking()
                .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai).ToListAsync());
            if (messages.FirstOrDefault(done) is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No AI message in thread {threadId} reached the expected state; found: "
                                           + string.Join(" | ", messages.Select(m => $"{m.Status} '{m.Content}'")));
            await Task.Delay(25);
        }
    }

    public void Dispose() => App.Dispose();
}
