using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Audit;

/// <summary>The audit log on the API: filtered, newest first, paged by cursor, exported as safe CSV (which is itself audited).</summary>
public sealed class AuditApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private AuditLog Log => factory.Services.GetRequiredService<AuditLog>();

    [Fact]
    public async Task Read_FilteredByActorAndAction_NewestFirstPagedByCursor()
    {
        var admin = await factory.CreateUserAsync("Audit reader", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);
        var actor = new AuditActor($"actor-{Guid.NewGuid():N}", "Paged actor", "10.0.0.7");
        for (var i = 1; i <= 5; i++)
            await Log.RecordAsync(actor, new AuditRecord("test.paged", "thing", i.ToString(), $"Thing {i}", new { n = i - 1 }, new { n = i }));
        await Log.RecordAsync(actor, new AuditRecord("test.other"));

        var first = await (await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&action=test.paged&limit=2")).ReadAsync<AuditPage>();
        var second = await (await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&action=test.paged&limit=2&before={first.NextBefore}")).ReadAsync<AuditPage>();
        var prefix = await (await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&action=test.")).ReadAsync<AuditPage>();

        first.Entries.Select(e => e.TargetName).Should().Equal("Thing 5", "Thing 4");
        second.Entries.Select(e => e.TargetName).Should().Equal("Thing 3", "Thing 2");
        first.Entries[0].Should().BeEquivalentTo(new { Address = "10.0.0.7", ActorName = "Paged actor", Before = """{"n":4}""", After = """{"n":5}""" });
        prefix.Entries.Should().HaveCount(6).And.Contain(e => e.Action == "test.other");
    }

    [Fact]
    public async Task Read_DateRange_OnlyEntriesInsideIt()
    {
        var admin = await factory.CreateUserAsync("Audit dater", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);
        var actor = new AuditActor($"dated-{Guid.NewGuid():N}", "Dated actor", null);
        await Log.RecordAsync(actor, new AuditRecord("test.dated"));
        var now = DateTime.UtcNow;

        var inside = await (await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&from={now.AddMinutes(-5):O}&to={now.AddMinutes(5):O}")).ReadAsync<AuditPage>();
        var before = await (await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&to={now.AddDays(-1):yyyy-MM-dd}")).ReadAsync<AuditPage>();

        inside.Entries.Should().ContainSingle();
        before.Entries.Should().BeEmpty();
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-12-05&to=2026-12-04", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("format=xml", "format")]
    public async Task Read_BadFilter_ProblemNamingIt(string query, string field)
    {
        var admin = await factory.CreateUserAsync("Audit bad filter", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);

        var response = await client.GetAsync($"/api/admin/audit?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task ExportCsv_CellsEscapedAndFormulasDefused_AndTheExportIsAudited()
    {
        var admin = await factory.CreateUserAsync("Audit exporter", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);
        var actor = new AuditActor($"csv-{Guid.NewGuid():N}", "=HYPERLINK(\"http://evil\")", "10.1.2.3");
        await Log.RecordAsync(actor, new AuditRecord("test.csv", "thing", "1", "Name, with \"quotes\"\nand a line", new { v = "-2+3" }, new { v = "@SUM(A1)" }));

        var response = await client.GetAsync($"/api/admin/audit.csv?actor={actor.UserId}");
        var viaFormat = await client.GetAsync($"/api/admin/audit?actor={actor.UserId}&format=csv");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.Should().StartWith("audit-log-");
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n");
        lines[0].Should().StartWith("id,at_utc,actor_id,actor,address,action");
        csv.Should().Contain("\"'=HYPERLINK(\"\"http://evil\"\")\"", "a formula becomes text, and quotes are doubled")
            .And.Contain("\"Name, with \"\"quotes\"\"\nand a line\"")
            .And.Contain("v: -2+3 → @SUM(A1)", "the changes column reads field by field")
            .And.Contain(",10.1.2.3,test.csv,");
        (await viaFormat.Content.ReadAsStringAsync()).Split("\r\n").Length.Should().Be(lines.Length);
        var exports = await (await client.GetAsync($"/api/admin/audit?actor={admin.UserId}&action=audit.exported")).ReadAsync<AuditPage>();
        exports.Entries.Should().HaveCount(2).And.OnlyContain(e => e.After!.Contains(actor.UserId!));
    }

    [Fact]
    public async Task AuditLog_NoUpdateOrDeleteRoute()
    {
        var routes = factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/admin/audit", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [])
            .ToList();

        routes.Should().NotBeEmpty().And.OnlyContain(m => m == "GET", "the audit log is append-only: read and export, nothing else");
    }

    [Fact]
    public async Task TeamsApi_CreateRenameMembersDelete_WithProblemsForBadInput()
    {
        var admin = await factory.CreateUserAsync("Teams API admin", Roles.Admin);
        var agent = await factory.CreateUserAsync("Teams API agent", Roles.Agent);
        var client = await factory.CreateClientForAsync(admin);
        var name = $"Api team {Guid.NewGuid():N}"[..20];

        var created = await client.PostAsJsonAsync("/api/admin/teams", new { name, description = "From the API" });
        var team = await created.ReadAsync<TeamView>();
        var duplicate = await client.PostAsJsonAsync("/api/admin/teams", new { name = name.ToUpperInvariant() });
        var members = await client.PutAsJsonAsync($"/api/admin/teams/{team.Id}/members", new { userIds = new[] { agent.UserId } });
        var renamed = await client.PutAsJsonAsync($"/api/admin/teams/{team.Id}", new { name = name + "!", description = "From the API" });
        var agentChoices = await (await (await factory.CreateClientForAsync(agent)).GetAsync("/api/chat/teams")).ReadAsync<List<TeamChoice>>();
        var deleted = await client.DeleteAsync($"/api/admin/teams/{team.Id}");
        var missing = await client.PutAsJsonAsync($"/api/admin/teams/{team.Id}", new { name });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/admin/teams/{team.Id}");
        duplicate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await duplicate.ReadProblemAsync()).Errors["name"].Single().Should().Contain("already exists");
        (await members.ReadAsync<TeamView>()).Members.Select(m => m.UserId).Should().Equal(agent.UserId);
        (await renamed.ReadAsync<TeamView>()).Name.Should().Be(name + "!");
        agentChoices.Should().Contain(t => t.Id == team.Id && t.IsMember, "staff list teams to pick one, and see their own");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.NotFound);
    }
}
