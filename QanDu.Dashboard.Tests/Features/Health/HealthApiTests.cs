using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Health;

/// <summary>
/// <c>/health</c> tells anyone the state and nothing else (no provider, endpoint, path or figure); <c>/health/details</c>
/// is for admins (401 anonymous, 403 for others) and lists every component; the disk's thresholds show there.
/// </summary>
public sealed class HealthApiTests
{
    [Fact]
    public async Task Health_ProviderDown_DegradedWithoutNamingAnything()
    {
        var closed = AiTestSettings.ClosedPortRoot();
        using var app = new DashboardFactory { Settings = AiTestSettings.For("OpenAI", closed) };

        var response = await app.CreateClient().GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        text.Should().Be("""{"status":"Degraded"}""", "the state only: no provider, endpoint, path or figure");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var details = await DetailsAsync(app);
        Component(details, "ai").GetProperty("figure").GetString().Should().Contain(closed, "admins see the endpoint in the details");
    }

    [Fact]
    public async Task Details_AnonymousAgentAndAdmin_401_403_AndEveryComponent()
    {
        using var app = new DashboardFactory();
        var agent = await app.CreateClientForAsync(await app.CreateUserAsync("Agent Health", Roles.Agent));

        var anonymous = await app.CreateClient().GetAsync("/health/details");
        var forbidden = await agent.GetAsync("/health/details");
        var details = await DetailsAsync(app);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.ReadProblemAsync()).Title.Should().Be("Not signed in");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        details.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Should().Equal(
            "database", "disk", "writer", "analysis", "ai", "webhooks", "backup", "connections", "memory", "errors");
        Component(details, "backup").GetProperty("status").GetString().Should().Be("Healthy", "a fresh install waits for its first scheduled backup");
        Component(details, "backup").GetProperty("figure").GetString().Should().StartWith("No backup yet: the first is scheduled for");
        details.GetProperty("uptimeSeconds").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        details.GetProperty("errors").GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Disk_UnderTheWarning_DegradedNearlyFull()
    {
        using var app = new DashboardFactory { Settings = { ["Health:DiskWarningMegabytes"] = "100000000" } };

        var disk = Component(await DetailsAsync(app), "disk");

        disk.GetProperty("status").GetString().Should().Be("Degraded");
        disk.GetProperty("figure").GetString().Should().Contain("Nearly full (warning under 100,000,000 MB or 5 %)");
        disk.GetProperty("action").GetString().Should().StartWith("Free space soon");
    }

    private static async Task<JsonElement> DetailsAsync(DashboardFactory app)
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Admin Health", Roles.Admin));
        var response = await admin.GetAsync("/health/details");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement Component(JsonElement details, string key) =>
        details.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
}
