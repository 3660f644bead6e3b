using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Inbox;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>Views and filters live in the address bar, so a reload or a shared link shows the same inbox.</summary>
public sealed class InboxFiltersTests : ComponentTestContext
{
    [Fact]
    public void ViewTab_Clicked_NavigatesWithViewInQueryKeepingThePath()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/threads/7?priority=urgent");
        var filters = Render<InboxFilters>(p => p.Add(c => c.Query, new InboxQuery(Priority: PriorityLevel.Urgent)));

        filters.Find("[data-testid=view-mine]").Click();

        new Uri(navigation.Uri).PathAndQuery.Should().Be("/threads/7?view=mine&priority=urgent");
    }

    [Fact]
    public void Filters_HiddenUntilOpened_UnreadSwitchNavigates()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var filters = Render<InboxFilters>(p => p.Add(c => c.Query, InboxQuery.Default));
        filters.FindAll("[data-testid=filters]").Should().BeEmpty("no filter is on, so the panel stays folded");

        filters.Find("[data-testid=toggle-filters]").Click();
        filters.Find("input[data-testid=filter-unread], [data-testid=filter-unread] input").Change(true);

        new Uri(navigation.Uri).PathAndQuery.Should().Be("/?unread=true");
    }

    [Fact]
    public void Filters_AFilterIsOn_PanelShownWithCountBadge()
    {
        var filters = Render<InboxFilters>(p => p.Add(c => c.Query, new InboxQuery(Type: ThreadType.Ai, UnreadOnly: true)));

        filters.FindAll("[data-testid=filters]").Should().ContainSingle();
        filters.Find(".qd-filter-badge").TextContent.Should().Contain("2");
    }

    [Theory]
    [InlineData("mine", "waiting", "urgent", "?view=mine&priority=urgent&sort=waiting")]
    [InlineData("ARCHIVED", null, "nonsense", "?view=archived")]
    [InlineData(null, null, null, "")]
    public void InboxUrl_ParseThenFormat_RoundTripsKnownValuesAndDropsUnknown(string? view, string? sort, string? priority, string expected)
    {
        var query = InboxUrl.Parse(view, status: null, priority, label: null, type: null, unread: null, sort);

        InboxUrl.Format(query).Should().Be(expected);
    }
}
