using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Pages;

public sealed class InboxPageTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task BackToInbox_ThreadOpenedFromFilteredView_KeepsViewAndFilters()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Refund for order 1042", tom);
        SignInAs(maya);

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/threads/{thread}?view=mine&priority=urgent&unread=true");

        var page = Render<InboxPage>(p => p.Add(c => c.ThreadId, thread));

        page.WaitForAssertion(() => page.Find("[data-testid=back-to-inbox]").GetAttribute("href")
            .Should().Be("/?view=mine&priority=urgent&unread=true", "the narrow layout's back arrow returns to the list as it was"), Live);
    }

    [Fact]
    public async Task BackToInbox_DefaultView_PlainInbox()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Quiet", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var page = Render<InboxPage>(p => p.Add(c => c.ThreadId, thread));

        page.WaitForAssertion(() => page.Find("[data-testid=back-to-inbox]").GetAttribute("href").Should().Be("/"), Live);
    }
}
