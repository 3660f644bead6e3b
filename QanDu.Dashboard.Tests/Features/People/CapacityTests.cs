using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary>Each agent's capacity for auto-assignment: 1 to 200 or no limit, set by admins, audited, shown in the people list.</summary>
public sealed class CapacityTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task SetCapacityAsync_ValueThenNoLimit_ListedAndAuditedWithoutEndingSessions()
    {
        var admin = await app.CreateUserAsync("Capacity admin", Roles.Admin);
        var agent = await app.CreateUserAsync("Capacity agent", Roles.Agent);
        var version = await app.QueryAsync(db => db.Users.Where(u => u.Id == agent.UserId).Select(u => u.AccessVersion).SingleAsync());

        var limited = await app.People().SetCapacityAsync(admin, agent.UserId, 3);
        var unlimited = await app.People().SetCapacityAsync(admin, agent.UserId, null);

        limited.MaxOpenConversations.Should().Be(3);
        unlimited.MaxOpenConversations.Should().BeNull();
        var entries = await app.QueryAsync(db => db.AuditLog.Where(a => a.Action == "user.capacity_changed" && a.TargetId == agent.UserId).OrderBy(a => a.Id).ToListAsync());
        entries.Select(e => $"{e.Before} → {e.After}").Should().Equal(
            """{"maxOpenConversations":"no limit"} → {"maxOpenConversations":"3"}""",
            """{"maxOpenConversations":"3"} → {"maxOpenConversations":"no limit"}""");
        (await app.QueryAsync(db => db.Users.Where(u => u.Id == agent.UserId).Select(u => u.AccessVersion).SingleAsync()))
            .Should().Be(version, "a capacity is not access: the agent's sessions go on");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    public async Task Put_OutOfRange_400ProblemNamingTheRange(int max)
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Capacity api admin", Roles.Admin));
        var agent = await app.CreateUserAsync("Capacity api agent", Roles.Agent);

        var response = await admin.PutAsJsonAsync($"/api/admin/users/{agent.UserId}", new { maxOpenConversations = max });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["maxOpenConversations"].Single().Should().Contain("1 to 200, or 0");
    }

    [Fact]
    public async Task Put_Capacity_ShownInTheList()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Capacity list admin", Roles.Admin));
        var agent = await app.CreateUserAsync("Capacity list agent", Roles.Agent);

        (await admin.PutAsJsonAsync($"/api/admin/users/{agent.UserId}", new { maxOpenConversations = 12 })).StatusCode.Should().Be(HttpStatusCode.OK);

        var listed = await admin.GetFromJsonAsync<List<PersonView>>("/api/admin/users?search=Capacity list agent", ApiJson.Options);
        listed.Should().ContainSingle().Which.MaxOpenConversations.Should().Be(12);
    }
}
