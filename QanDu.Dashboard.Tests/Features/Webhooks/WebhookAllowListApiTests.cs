using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary><c>/api/admin/webhooks/allowed-hosts</c>: admins list, add and remove hosts; bare hosts only; audited.</summary>
public sealed class WebhookAllowListApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Lifecycle_AddListRemove_Audited()
    {
        var admin = await app.CreateUserAsync("Allowed hosts admin", Roles.Admin);
        var client = await app.CreateClientForAsync(admin);

        var created = await client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = "  Hooks.Internal.  " });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var host = await created.ReadAsync<AllowedHostView>();
        host.Should().BeEquivalentTo(new { Host = "hooks.internal", CreatedBy = "Allowed hosts admin" });
        created.Headers.Location!.ToString().Should().Be($"/api/admin/webhooks/allowed-hosts/{host.Id}");
        (await client.GetFromJsonAsync<List<AllowedHostView>>("/api/admin/webhooks/allowed-hosts", ApiJson.Options))
            .Should().ContainSingle(h => h.Id == host.Id).Which.Host.Should().Be("hooks.internal");
        (await app.Services.GetRequiredService<WebhookAllowList>().IsAllowedAsync("HOOKS.internal", CancellationToken.None)).Should().BeTrue();

        (await client.DeleteAsync($"/api/admin/webhooks/allowed-hosts/{host.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await client.GetFromJsonAsync<List<AllowedHostView>>("/api/admin/webhooks/allowed-hosts", ApiJson.Options)).Should().NotContain(h => h.Id == host.Id);
        (await app.Services.GetRequiredService<WebhookAllowList>().IsAllowedAsync("hooks.internal", CancellationToken.None)).Should().BeFalse();
        var gone = await client.DeleteAsync($"/api/admin/webhooks/allowed-hosts/{host.Id}");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gone.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.NotFound);
        var audit = await app.QueryAsync(db => db.AuditLog.Where(a => a.TargetType == "webhook_host" && a.TargetId == host.Id.ToString())
            .OrderBy(a => a.Id).Select(a => new { a.Action, a.ActorName, a.TargetName }).ToListAsync());
        audit.Should().Equal(
            new { Action = "webhook_host.allowed", ActorName = "Allowed hosts admin", TargetName = (string?)"hooks.internal" },
            new { Action = "webhook_host.removed", ActorName = "Allowed hosts admin", TargetName = (string?)"hooks.internal" });
    }

    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("[::FFFF:7f00:1]", "::ffff:127.0.0.1")]
    public async Task Post_IpLiteral_StoredAsItsAddress(string input, string stored)
    {
        var client = await app.CreateClientForAsync(await app.CreateUserAsync("Allowed literal admin", Roles.Admin));

        var response = await client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = input });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var host = await response.ReadAsync<AllowedHostView>();
        host.Host.Should().Be(stored);
        await client.DeleteAsync($"/api/admin/webhooks/allowed-hosts/{host.Id}");
    }

    [Theory]
    [InlineData(null, "Enter a host name or an IP address, e.g. hooks.internal or 10.0.0.5.")]
    [InlineData("   ", "Enter a host name or an IP address, e.g. hooks.internal or 10.0.0.5.")]
    [InlineData("http://hooks.internal", "\"http://hooks.internal\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).")]
    [InlineData("hooks.internal:8080", "\"hooks.internal:8080\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).")]
    [InlineData("hooks.internal/in", "\"hooks.internal/in\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).")]
    [InlineData("user@hooks.internal", "\"user@hooks.internal\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).")]
    [InlineData("hooks internal", "\"hooks internal\" is not a bare host: enter only the name or IP address, without scheme, port or path (e.g. hooks.internal or 10.0.0.5).")]
    [InlineData("*.internal", "\"*.internal\" is not a valid host name or IP address.")]
    [InlineData("bad_host!.internal", "\"bad_host!.internal\" is not a valid host name or IP address.")]
    public async Task Post_NotABareHost_400ProblemNamingHost(string? input, string error)
    {
        var client = await app.CreateClientForAsync(await app.CreateUserAsync("Allowed bad admin", Roles.Admin));

        var response = await client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = input });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainSingle().Which.Should()
            .BeEquivalentTo(new KeyValuePair<string, string[]>("host", [error]));
    }

    [Fact]
    public async Task Post_SameHostAgain_400AlreadyAllowed()
    {
        var client = await app.CreateClientForAsync(await app.CreateUserAsync("Allowed twice admin", Roles.Admin));
        (await client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = "twice.internal" })).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await client.PostAsJsonAsync("/api/admin/webhooks/allowed-hosts", new { host = "TWICE.internal." });

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.ReadProblemAsync()).Errors["host"].Should().Equal("twice.internal is already an allowed host.");
    }

    [Fact]
    public async Task AllowList_Agent_ForbiddenInTheServiceToo()
    {
        var agent = await app.CreateUserAsync("Allowed agent", Roles.Agent);
        var hosts = app.Services.GetRequiredService<WebhookAllowList>();

        var act = () => hosts.AddAsync(agent, new AddAllowedHostRequest("sneaky.internal"));

        await act.Should().ThrowAsync<ChatForbiddenException>();
        (await (await app.CreateClientForAsync(agent)).GetAsync("/api/admin/webhooks/allowed-hosts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
