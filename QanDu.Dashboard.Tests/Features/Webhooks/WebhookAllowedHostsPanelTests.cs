using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Features.Webhooks.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>The allowed-hosts panel: empty, adding one (normalised), a refused entry named, removing with confirmation.</summary>
public sealed class WebhookAllowedHostsPanelTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AddHost_ValidThenUrl_ListedOnceAndUrlRefusedInWords()
    {
        SignInAs(await App.CreateUserAsync("Ada Admin", Roles.Admin));
        var panel = Render<WebhookAllowedHostsPanel>();
        panel.WaitForElement("[data-testid=no-allowed-hosts]", Live);

        await AddAsync(panel, " Receiver.Internal ");
        panel.WaitForAssertion(() => panel.FindAll("[data-testid=allowed-host-row]").Should().ContainSingle()
            .Which.TextContent.Should().Contain("receiver.internal").And.Contain("Ada Admin"), Live);
        await AddAsync(panel, "https://receiver.internal:8443/hooks");

        panel.WaitForAssertion(() => panel.Markup.Should().Contain(
            "is not a bare host: enter only the name or IP address, without scheme, port or path"), Live);
        panel.FindAll("[data-testid=allowed-host-row]").Should().ContainSingle();
    }

    [Fact]
    public async Task RemoveHost_Confirmed_GoneAndNoLongerAllowed()
    {
        SignInAs(await App.CreateUserAsync("Ada Admin", Roles.Admin));
        var dialogs = Render<MudDialogProvider>();
        var panel = Render<WebhookAllowedHostsPanel>();
        panel.WaitForElement("[data-testid=no-allowed-hosts]", Live);
        await AddAsync(panel, "10.0.0.5");
        panel.WaitForElement("[data-testid=allowed-host-row]", Live);

        panel.FindAll("[data-testid=allowed-host-row] button").Single(b => b.TextContent.Contains("Remove")).Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Remove this allowed host?"), Live);
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Remove")).Click();

        panel.WaitForElement("[data-testid=no-allowed-hosts]", Live);
        (await App.Services.GetRequiredService<WebhookAllowList>().IsAllowedAsync("10.0.0.5", CancellationToken.None)).Should().BeFalse();
    }

    private static async Task AddAsync(IRenderedComponent<WebhookAllowedHostsPanel> panel, string host)
    {
        await panel.Find("input[data-testid=allowed-host-input], [data-testid=allowed-host-input] input").ChangeAsync(new() { Value = host });
        await panel.Find("form").SubmitAsync();
    }
}
