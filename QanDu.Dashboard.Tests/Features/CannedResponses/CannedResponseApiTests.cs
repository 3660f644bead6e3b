using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.CannedResponses;

public sealed class CannedResponseApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Crud_AsTheirOwner_RoundTrips()
    {
        var agent = await factory.CreateUserAsync("Api Agent", Roles.Agent);
        using var client = await factory.CreateClientForAsync(agent);
        var code = $"api-{Guid.NewGuid():N}"[..16];

        var created = await client.PostAsJsonAsync("/api/canned-responses", new { shortCode = "/" + code, title = "Thanks", content = "Thanks, {{contact.name}}!" });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var response = await created.ReadAsync<CannedResponseView>();
        response.Should().Match<CannedResponseView>(r => r.ShortCode == code && !r.Shared && r.CanEdit);
        created.Headers.Location!.ToString().Should().Be($"/api/canned-responses/{response.Id}");

        var updated = await client.PutAsJsonAsync($"/api/canned-responses/{response.Id}", new { shortCode = code, title = "Thank you", content = "Thank you!" });
        (await updated.ReadAsync<CannedResponseView>()).Title.Should().Be("Thank you");
        (await (await client.GetAsync($"/api/canned-responses?search={code}")).ReadAsync<List<CannedResponseView>>())
            .Select(r => r.Title).Should().Equal("Thank you");

        (await client.DeleteAsync($"/api/canned-responses/{response.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetAsync($"/api/canned-responses/{response.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_BadInput_ProblemDetailsNameEachField()
    {
        var agent = await factory.CreateUserAsync("Sloppy Agent", Roles.Agent);
        using var client = await factory.CreateClientForAsync(agent);

        var answer = await client.PostAsJsonAsync("/api/canned-responses", new { shortCode = "two words", title = new string('t', 101), content = " " });

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await answer.ReadProblemAsync();
        problem.Errors.Keys.Should().BeEquivalentTo("shortCode", "title", "content");
        problem.Errors["shortCode"].Single().Should().Contain("no spaces");
        problem.Errors["title"].Single().Should().Contain("1 to 100 characters");
    }

    [Fact]
    public async Task SharedByAnAgent_Forbidden_OthersPersonal_NotFound()
    {
        var agent = await factory.CreateUserAsync("Plain Agent", Roles.Agent);
        var other = await factory.CreateUserAsync("Other Agent", Roles.Agent);
        using var agentClient = await factory.CreateClientForAsync(agent);
        using var otherClient = await factory.CreateClientForAsync(other);

        var shared = await agentClient.PostAsJsonAsync("/api/canned-responses", new { shortCode = "team-wide", title = "T", content = "C", shared = true });
        var personal = await (await otherClient.PostAsJsonAsync("/api/canned-responses",
            new { shortCode = $"p-{Guid.NewGuid():N}"[..12], title = "Mine", content = "Private" })).ReadAsync<CannedResponseView>();
        var edit = await agentClient.PutAsJsonAsync($"/api/canned-responses/{personal.Id}", new { shortCode = "x", title = "x", content = "x" });

        shared.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await shared.ReadProblemAsync()).Detail.Should().Contain("Only admins and supervisors");
        edit.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await edit.ReadProblemAsync()).Detail.Should().Be($"Canned response {personal.Id} was not found.");
    }

    [Fact]
    public async Task Filled_ForAConversation_FillsAgentAndContact()
    {
        var supervisor = await factory.CreateUserAsync("Sam Supervisor", Roles.Supervisor);
        var customer = await factory.CreateUserAsync("Cleo Customer", role: null);
        var threadId = await factory.CreateGroupThreadAsync(supervisor, "Help", customer);
        using var client = await factory.CreateClientForAsync(supervisor);
        var response = await (await client.PostAsJsonAsync("/api/canned-responses",
            new { shortCode = $"s-{Guid.NewGuid():N}"[..12], title = "Hi", content = "Hi {{contact.name}}, {{agent.name}} here. {{ticket.id}}", shared = true }))
            .ReadAsync<CannedResponseView>();

        var filled = await (await client.GetAsync($"/api/canned-responses/{response.Id}/filled?threadId={threadId}")).ReadAsync<FilledCannedResponse>();

        response.Shared.Should().BeTrue();
        filled.Content.Should().Be("Hi Cleo Customer, Sam Supervisor here. {{ticket.id}}");
        filled.Unfilled.Should().Equal("{{ticket.id}}");
        (await client.GetAsync($"/api/canned-responses/{response.Id}/filled")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "threadId is required");
    }
}
