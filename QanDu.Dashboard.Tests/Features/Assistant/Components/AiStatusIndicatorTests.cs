using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using QanDu.Dashboard.Features.Assistant.Components;
using QanDu.Dashboard.Tests.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Components;

/// <summary>Everyone sees in the app bar when the AI provider cannot be reached, with the reason.</summary>
public sealed class AiStatusIndicatorProviderDownTests : ComponentTestContext
{
    private static readonly string Closed = AiTestSettings.ClosedPortRoot();

    public AiStatusIndicatorProviderDownTests() : base(new DashboardFactory { Settings = AiTestSettings.For("OpenAI", Closed) }) =>
        Services.AddSingleton(App.Services.GetRequiredService<HealthCheckService>());

    [Fact]
    public void ProviderDown_AppBarSaysAiUnavailableWithTheReason()
    {
        var indicator = Render<AiStatusIndicator>();

        indicator.WaitForAssertion(() => indicator.Find("[data-testid=ai-degraded]").TextContent.Should().Contain("AI unavailable"),
            TimeSpan.FromSeconds(20));
        indicator.FindComponent<MudBlazor.MudTooltip>().Instance.Text.Should().Contain($"{Closed}/v1").And.Contain("cannot be reached");
    }
}

/// <summary>With the built-in offline assistant (always available) the app bar shows nothing.</summary>
public sealed class AiStatusIndicatorOfflineTests : ComponentTestContext
{
    public AiStatusIndicatorOfflineTests() => Services.AddSingleton(App.Services.GetRequiredService<HealthCheckService>());

    [Fact]
    public async Task OfflineAssistant_NothingShown()
    {
        var indicator = Render<AiStatusIndicator>();

        (await App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "ai")).Status
            .Should().Be(HealthStatus.Healthy);
        indicator.WaitForAssertion(() => indicator.Markup.Trim().Should().BeEmpty(), TimeSpan.FromSeconds(5));
    }
}
