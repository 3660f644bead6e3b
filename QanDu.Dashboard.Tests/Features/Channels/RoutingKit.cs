using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>Routing's outcome as a person sees it in the conversation: its team, its assignee, and routing's notes.</summary>
internal sealed record Routed(long? TeamId, string? AssigneeId, IReadOnlyList<string> Notes);

internal static class RoutingKit
{
    public static async Task<TeamView> TeamAsync(this DashboardFactory app, ChatCaller admin, params ChatCaller[] members)
    {
        var teams = app.Services.GetRequiredService<TeamService>();
        var team = await teams.CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"Queue {ChannelTestKit.Unique()}", null));
        return await teams.SetMembersAsync(admin, AuditActor.From(admin), team.Id, new SetTeamMembersRequest([.. members.Select(m => m.UserId)]));
    }

    /// <summary>Waits (up to 15 s) until routing has said <paramref name="notes"/> things in the conversation, and returns where it stands.</summary>
    public static async Task<Routed> RoutedAsync(this DashboardFactory app, long threadId, int notes = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var routed = await app.QueryAsync(async db =>
            {
                var thread = await db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId);
                var said = await db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId && m.Type == MessageType.System)
                    .OrderBy(m => m.Id).Select(m => m.Content).ToListAsync();
                return new Routed(thread.TeamId, thread.AssigneeId, said);
            });
            if (routed.Notes.Count >= notes || DateTime.UtcNow > deadline)
                return routed;
            await Task.Delay(50);
        }
    }
}
