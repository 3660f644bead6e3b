using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Inbox views, assignment, priority and labels over REST, and the problems bad input gets back.</summary>
public sealed class ThreadApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task UpdateThread_PriorityAndAssignee_ThenListedInAssigneesMineFilteredByPriority()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Urgent over REST");
        var tom = await factory.CreateUserAsync("Tom Assignee", Roles.Agent);

        var update = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}",
            new { priority = "urgent", assigneeId = tom.UserId }, ApiJson.Options);

        update.StatusCode.Should().Be(HttpStatusCode.OK);
        (await update.ReadAsync<ThreadSummary>()).Should().BeEquivalentTo(new { Priority = PriorityLevel.Urgent, AssigneeId = tom.UserId });
        var tomClient = await factory.CreateClientForAsync(tom);
        var mine = await tomClient.GetFromJsonAsync<List<ThreadSummary>>("/api/chat/threads?view=mine&priority=urgent&sort=waiting", ApiJson.Options);
        mine!.Select(t => t.Id).Should().Equal(threadId);
        var counts = await tomClient.GetFromJsonAsync<InboxCounts>("/api/chat/threads/counts", ApiJson.Options);
        counts!.Mine.Should().Be(1);
        var unassign = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}", new { assigneeId = "" }, ApiJson.Options);
        (await unassign.ReadAsync<ThreadSummary>()).AssigneeId.Should().BeNull();
    }

    [Fact]
    public async Task UpdateThread_UnknownAssignee_BadRequestNamingAssignee()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Unknown assignee over REST");

        var response = await client.PutAsJsonAsync($"/api/chat/thread/{threadId}", new { assigneeId = "ghost" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["assigneeId"].Should().Equal("Unknown user: ghost.");
    }

    [Theory]
    [InlineData("/api/chat/threads?labelId=987654", "Label 987654 does not exist.")]
    [InlineData("/api/chat/threads?priority=extreme", "extreme")]
    [InlineData("/api/chat/threads?view=everything", "everything")]
    public async Task GetThreads_BadFilter_BadRequestNamingIt(string url, string named)
    {
        var (_, client, _) = await factory.AgentInThreadAsync($"Bad filter {named}");

        var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        (problem.Detail + string.Join(" ", problem.Errors.SelectMany(e => e.Value))).Should().Contain(named);
    }

    [Fact]
    public async Task Labels_AdminCreatesAgentLabelsThreadAndFilters()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Labelled over REST");
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Label Admin", Roles.Admin));
        var name = $"Refunds {Guid.NewGuid():N}"[..16];

        var created = await admin.PostAsJsonAsync("/api/chat/labels", new { name, color = "#43a047" }, ApiJson.Options);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var label = await created.ReadAsync<LabelView>();
        var put = await client.PutAsync($"/api/chat/thread/{threadId}/labels/{label.Id}", null);
        var filtered = await client.GetFromJsonAsync<List<ThreadSummary>>($"/api/chat/threads?labelId={label.Id}", ApiJson.Options);
        var delete = await client.DeleteAsync($"/api/chat/thread/{threadId}/labels/{label.Id}");

        put.StatusCode.Should().Be(HttpStatusCode.OK);
        (await put.ReadAsync<ThreadSummary>()).Labels.Should().Equal(label);
        filtered!.Select(t => t.Id).Should().Equal(threadId);
        (await delete.ReadAsync<ThreadSummary>()).Labels.Should().BeEmpty();
        (await client.GetFromJsonAsync<List<LabelView>>("/api/chat/labels", ApiJson.Options)).Should().Contain(label);
    }

    [Fact]
    public async Task Labels_AgentCreates_ForbiddenProblem()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Agent makes a label");

        var response = await client.PostAsJsonAsync("/api/chat/labels", new { name = "Mine now", color = "#000000" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.ReadProblemAsync()).Detail.Should().Be("Only admins manage labels.");
    }

    [Fact]
    public async Task Labels_BadColourOrUnknownLabel_ProblemNamingIt()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Bad label input");
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Colour Admin", Roles.Admin));

        var badColour = await admin.PostAsJsonAsync("/api/chat/labels", new { name = "Nice", color = "blue" }, ApiJson.Options);
        var unknown = await client.PutAsync($"/api/chat/thread/{threadId}/labels/987654", null);
        var unknownDelete = await admin.DeleteAsync("/api/chat/labels/987654");

        badColour.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badColour.ReadProblemAsync()).Errors.Should().ContainKey("color");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await unknown.ReadProblemAsync()).Detail.Should().Be("Label 987654 was not found.");
        unknownDelete.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
