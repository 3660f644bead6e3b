using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>Inputs that used to answer 500, a default or someone else's data; each now gets a 4xx that names the problem.</summary>
public sealed class BadInputTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Search_NulInTheQuery_400NamingItNot500()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Search NUL");

        using var response = await client.GetAsync("/api/chat/search?q=x%00y");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Detail.Should().Contain("NUL");
    }

    [Theory]
    [InlineData("name")]
    [InlineData("instructions")]
    public async Task SaveSettings_NullField_400NamingItNot500(string field)
    {
        var client = await factory.CreateClientForAsync(await factory.CreateUserAsync("Alex Null Settings", Roles.Admin));
        var opened = await (await client.GetAsync("/api/assistant/settings")).ReadAsync<VersionedAssistantSettings>();
        var body = $$$"""{"version":"{{{opened.Version}}}","settings":{"{{{field}}}":null,"tone":"friendly"}}""";

        using var response = await client.PutAsync("/api/assistant/settings", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Keys.Should().ContainMatch($"*{field[1..]}", "the error names the field");
    }

    [Theory]
    [InlineData("content", """{"threadId":THREAD,"content":"a\u0000b"}""")]
    [InlineData("clientKey", """{"threadId":THREAD,"content":"ok","clientKey":"k\u0000"}""")]
    public async Task PostMessage_NulByte_400NamingTheFieldAndNothingStored(string field, string template)
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync($"NUL {field}");
        var before = await factory.CountRowsAsync();

        using var response = await client.PostAsync("/api/chat/message",
            new StringContent(template.Replace("THREAD", threadId.ToString()), Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(field).WhoseValue.Single().Should().Contain("NUL");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task ThreadTitleAndLabelName_NulByte_400NamingTheField()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("NUL title");
        var admin = await factory.CreateClientForAsync(await factory.CreateUserAsync("Admin NUL", Roles.Admin));

        using var title = await client.PutAsync($"/api/chat/thread/{threadId}", Json("""{"title":"Refund\u0000"}"""));
        using var created = await client.PostAsync("/api/chat/thread", Json("""{"type":"ai","title":"New\u0000"}"""));
        using var label = await admin.PostAsync("/api/chat/labels", Json("""{"name":"VIP\u0000","color":"#e53935"}"""));

        (await title.ReadProblemAsync()).Errors.Should().ContainKey("title");
        (await created.ReadProblemAsync()).Errors.Should().ContainKey("title");
        (await label.ReadProblemAsync()).Errors.Should().ContainKey("name");
    }

    [Fact]
    public async Task MissingRequiredFields_ThreadIdAndType_NamedAsMissingNotDefaulted()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Missing fields");

        using var post = await client.PostAsync("/api/chat/message", Json("""{"content":"Where does this go?"}"""));
        using var thread = await client.PostAsync("/api/chat/thread", Json("""{"title":"No type"}"""));

        post.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await post.ReadProblemAsync()).Detail.Should().Contain("missing required properties").And.Contain("threadId");
        thread.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await thread.ReadProblemAsync()).Detail.Should().Contain("missing required properties").And.Contain("type");
    }

    [Fact]
    public async Task PostMessage_SameKeyDifferentContent_409NamingTheKeyAndTheFirstKept()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Key reuse");
        (await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = "First text", clientKey = "reused-key" }, ApiJson.Options))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        using var second = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = "Other text", clientKey = "reused-key" }, ApiJson.Options);
        using var retry = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = "First text", clientKey = "reused-key" }, ApiJson.Options);

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await second.ReadProblemAsync()).Detail.Should().Contain("reused-key");
        retry.StatusCode.Should().Be(HttpStatusCode.OK, "a true retry still gets the stored message");
        (await factory.QueryAsync(db => db.Messages.Where(m => m.ClientKey == "reused-key").Select(m => m.Content).ToListAsync()))
            .Should().Equal("First text");
    }

    [Fact]
    public async Task ToolApproval_OfAThreadTheCallerCannotSee_NotFoundWithoutNamingTheThread()
    {
        var owner = await factory.CreateUserAsync("Owner Approval Leak", Roles.Agent);
        var thread = await factory.Threads.CreateThreadAsync(owner, new(ThreadType.Ai, "Private", []));
        var approvalId = await factory.QueryAsync(async db =>
        {
            var approval = new ToolApproval { ThreadId = thread.Id, RequestedById = owner.UserId, ToolName = "set_priority", Status = ToolApprovalStatus.Pending };
            db.ToolApprovals.Add(approval);
            await db.SaveChangesAsync();
            return approval.Id;
        });
        var outsider = await factory.CreateClientForAsync(await factory.CreateUserAsync("Outsider Approval Leak", Roles.Agent));

        using var response = await outsider.PostAsync($"/api/chat/tool-approval/{approvalId}/approve", null);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Be($"Approval {approvalId} was not found.").And.NotContain($"Thread {thread.Id}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
