using Bunit;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels.Pages;

/// <summary>The channels page: its empty state, a channel another admin adds appearing live, deleting after a confirmation.</summary>
public sealed class ChannelAdminTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Page_EmptyThenAddedElsewhereThenDeleted_ListFollowsAndDeleteAsksFirst()
    {
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        SignInAs(admin);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ChannelAdmin>();
        page.WaitForAssertion(() => page.Find("[data-testid=no-channels]").TextContent
            .Should().Contain("No website yet — add one to let customers write to you"), Live);

        var channel = await App.CreateChannelAsync(admin, ChannelTestKit.ValidRequest("Shop"));

        page.WaitForAssertion(() => page.Find("[data-testid=channel-snippet]").TextContent
            .Should().EndWith($"/widget.js\" data-website-token=\"{channel.WebsiteToken}\" defer></script>"), Live);
        page.Find("[data-testid=channel-row-origins]").TextContent.Should().Contain("https://shop.example.com");

        page.Find("[data-testid=delete-channel]").Click();
        dialogs.WaitForAssertion(() => dialogs.Markup.Should().Contain("Delete this website channel?"), Live);
        page.FindAll("[data-testid=channel-row]").Should().ContainSingle("nothing is deleted before the confirmation");
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Delete channel")).Click();

        page.WaitForElement("[data-testid=no-channels]", Live);
    }
}
