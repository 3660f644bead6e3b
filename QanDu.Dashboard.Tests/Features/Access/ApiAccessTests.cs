using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Access;

/// <summary>A thread the caller may not see answers 404 and changes nothing; supervisors see every thread.</summary>
public sealed class ApiAccessTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ThreadEndpoints_AgentNotParticipant_NotFoundAndNothingChanged()
    {
        var (_, _, threadId) = await factory.AgentInThreadAsync("Private billing question");
        var outsider = await factory.CreateClientForAsync(await factory.CreateUserAsync("Outsider Agent", Roles.Agent));
        var before = await factory.CountRowsAsync();

        var history = await outsider.GetAsync($"/api/chat/history?threadId={threadId}");
        var post = await outsider.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Let me in" }, ApiJson.Options);
        var update = await outsider.PutAsJsonAsync($"/api/chat/thread/{threadId}", new { title = "Taken over" }, ApiJson.Options);

        foreach (var response in new[] { history, post, update })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "{0} {1} must not reveal the thread",
                response.RequestMessage!.Method, response.RequestMessage.RequestUri);
            var problem = await response.ReadProblemAsync();
            problem.Detail.Should().Be($"Thread {threadId} was not found.");
        }
        (await factory.CountRowsAsync()).Should().Be(before);
        (await factory.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Title).SingleAsync()))
            .Should().Be("Private billing question");
    }

    [Fact]
    public async Task GetHistory_SupervisorNotParticipant_SeesTheThread()
    {
        var (agent, _, threadId) = await factory.AgentInThreadAsync("Supervised conversation");
        await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Visible to the supervisor"));
        var supervisor = await factory.CreateClientForAsync(await factory.CreateUserAsync("Watching Supervisor", Roles.Supervisor));

        var response = await supervisor.GetAsync($"/api/chat/history?threadId={threadId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await response.ReadAsync<MessagePage>();
        page.Messages.Select(m => m.Content).Should().Equal("Visible to the supervisor");
    }
}
