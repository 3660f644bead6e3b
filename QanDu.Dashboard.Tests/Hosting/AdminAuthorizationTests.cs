using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// Every route under /api/admin (read from the app, so routes added later are covered) is for admins only: 401 with no
/// sign-in, 403 for agents and supervisors, before any body is read or anything is done; both as problem details.
/// </summary>
public sealed partial class AdminAuthorizationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    /// <summary>The admin routes known when this test was written; more may exist, none of these may go missing.</summary>
    private static readonly string[] Known =
    [
        "GET /api/admin/teams", "POST /api/admin/teams", "PUT /api/admin/teams/1", "DELETE /api/admin/teams/1",
        "PUT /api/admin/teams/1/members", "GET /api/admin/audit", "GET /api/admin/audit.csv",
        "GET /api/admin/users", "POST /api/admin/users", "PUT /api/admin/users/1", "POST /api/admin/users/1/reset-password",
        "POST /api/admin/users/1/invitation", "DELETE /api/admin/users/1/invitation", "POST /api/admin/users/1/reset-two-factor",
        "GET /api/admin/channels", "POST /api/admin/channels", "GET /api/admin/channels/1", "PUT /api/admin/channels/1",
        "DELETE /api/admin/channels/1", "POST /api/admin/channels/1/rotate-token", "POST /api/admin/channels/1/rotate-secret",
        "GET /api/admin/sla-policies", "POST /api/admin/sla-policies", "GET /api/admin/sla-policies/1", "PUT /api/admin/sla-policies/1",
        "DELETE /api/admin/sla-policies/1",
        "GET /api/admin/webhooks/allowed-hosts", "POST /api/admin/webhooks/allowed-hosts", "DELETE /api/admin/webhooks/allowed-hosts/1",
        "GET /api/admin/backups", "POST /api/admin/backups", "GET /api/admin/backups/1", "GET /api/admin/backups/1/download",
        "GET /api/admin/webhooks", "POST /api/admin/webhooks", "GET /api/admin/webhooks/1", "PUT /api/admin/webhooks/1",
        "DELETE /api/admin/webhooks/1", "POST /api/admin/webhooks/1/pause", "POST /api/admin/webhooks/1/resume", "POST /api/admin/webhooks/1/test",
        "GET /api/admin/webhooks/1/deliveries", "GET /api/admin/webhooks/1/deliveries/00000000-0000-0000-0000-000000000001",
        "POST /api/admin/webhooks/1/deliveries/00000000-0000-0000-0000-000000000001/redeliver",
        "GET /api/admin/retention", "PUT /api/admin/retention", "POST /api/admin/retention/dry-run", "POST /api/admin/retention/run",
    ];

    [Fact]
    public async Task EveryAdminRoute_Anonymous_Unauthorized()
    {
        var answers = await CallAllAsync(factory.CreateClient());

        answers.Should().OnlyContain(a => a.EndsWith("-> 401 problem"));
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task EveryAdminRoute_AgentOrSupervisor_Forbidden(string role)
    {
        var user = await factory.CreateUserAsync($"Not an admin {role}", role);

        var answers = await CallAllAsync(await factory.CreateClientForAsync(user));

        answers.Should().OnlyContain(a => a.EndsWith("-> 403 problem"));
    }

    [Fact]
    public async Task AdminRoutes_Admin_Answered()
    {
        var admin = await factory.CreateUserAsync("Admin of the admin routes", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);

        foreach (var path in new[] { "/api/admin/teams", "/api/admin/audit", "/api/admin/audit.csv", "/api/admin/channels", "/api/admin/sla-policies", "/api/admin/webhooks/allowed-hosts", "/api/admin/backups", "/api/admin/webhooks" })
            (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK, "{0} is for admins", path);
    }

    private async Task<List<string>> CallAllAsync(HttpClient client)
    {
        var routes = AdminRoutes().ToList();
        routes.Select(r => $"{r.Method} {r.Path}").Should().Contain(Known, "the admin routes are read from the app's endpoints");
        var answers = new List<string>();
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            answers.Add($"{method} {path} -> {(int)response.StatusCode}{(problem ? " problem" : " (not problem details)")}");
        }
        return answers;
    }

    private IEnumerable<(string Method, string Path)> AdminRoutes()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!pattern.StartsWith("/api/admin/", StringComparison.OrdinalIgnoreCase) && !pattern.Equals("/api/admin", StringComparison.OrdinalIgnoreCase))
                continue;
            // A guid-constrained parameter needs a guid to match its route at all (the delivery ids of webhooks).
            var path = RouteParameter().Replace(pattern, p => p.Value.EndsWith(":guid}") ? "00000000-0000-0000-0000-000000000001" : "1").TrimEnd('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                yield return (method, path);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
