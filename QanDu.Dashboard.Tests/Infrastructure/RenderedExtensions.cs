using Bunit;
using Microsoft.AspNetCore.Components;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// Clicks for components that re-render on their own (live events, read receipts): the element is found and clicked in
/// one dispatch, so a render between finding it and clicking it cannot leave the click on a stale event handler.
/// </summary>
public static class RenderedExtensions
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    public static async Task ClickWhenShownAsync<TComponent>(this IRenderedComponent<TComponent> cut, string selector)
        where TComponent : IComponent
    {
        cut.WaitForElement(selector, Live);
        await cut.InvokeAsync(() => cut.Find(selector).Click());
    }
}
