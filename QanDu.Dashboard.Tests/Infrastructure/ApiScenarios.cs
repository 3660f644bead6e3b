using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>Set-ups the REST API tests share: an agent with an API key in a thread with a colleague, and row counts.</summary>
public static class ApiScenarios
{
    public static async Task<(ChatCaller Agent, HttpClient Client, long ThreadId)> AgentInThreadAsync(this DashboardFactory factory, string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var colleague = await factory.CreateUserAsync($"Colleague {title}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, title, colleague);
        return (agent, await factory.CreateClientForAsync(agent), threadId);
    }

    public static Task<(int Messages, int Threads, int Edits)> CountRowsAsync(this DashboardFactory factory) =>
        factory.QueryAsync(async db => (await db.Messages.CountAsync(), await db.Threads.CountAsync(), await db.MessageEdits.CountAsync()));
}
