using Bunit;
using MudBlazor.Services;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Reactions.Components;

namespace QanDu.Dashboard.Tests.Features.Reactions.Components;

public sealed class ReactionBarTests : BunitContext
{
    private static readonly ReactorView Maya = new("maya", "Maya Chen");
    private static readonly ReactorView Tom = new("tom", "Tom Okafor");

    public ReactionBarTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Render_NoReactions_OnlyTheAddButton()
    {
        var bar = Render<ReactionBar>(p => p.Add(c => c.Reactions, []).Add(c => c.MyUserId, Maya.UserId));

        bar.FindAll("[data-testid=reaction]").Should().BeEmpty();
        bar.Find("[data-testid=add-reaction]").GetAttribute("aria-label").Should().Be("Add reaction");
        bar.FindAll("[data-testid=emoji-picker]").Should().BeEmpty("the picker opens only when asked");
    }

    [Fact]
    public void Render_ManyReactions_CountsMineHighlightedAndNamesOnHover()
    {
        IReadOnlyList<ReactionView> reactions =
        [
            new("👍", 2, [Tom, Maya]),
            new("🎉", 1, [Tom]),
            .. EmojiCatalog.Default.All.Skip(40).Take(10).Select(e => new ReactionView(e.Emoji, 1, [Tom])),
        ];

        var bar = Render<ReactionBar>(p => p.Add(c => c.Reactions, reactions).Add(c => c.MyUserId, Maya.UserId));

        var chips = bar.FindAll("[data-testid=reaction]");
        chips.Should().HaveCount(12);
        var thumbs = chips[0];
        thumbs.QuerySelector("[data-testid=reaction-count]")!.TextContent.Should().Be("2");
        thumbs.ClassList.Should().Contain("qd-reaction--mine");
        thumbs.GetAttribute("aria-pressed").Should().Be("true");
        thumbs.GetAttribute("title").Should().Be("Tom Okafor, You reacted with :+1:");
        chips[1].ClassList.Should().NotContain("qd-reaction--mine");
        chips[1].GetAttribute("title").Should().Be("Tom Okafor reacted with :tada:");
    }

    [Fact]
    public void ClickChip_TogglesThatEmoji()
    {
        var toggled = new List<string>();
        var bar = Render<ReactionBar>(p => p
            .Add(c => c.Reactions, [new ReactionView("🎉", 1, [Tom])])
            .Add(c => c.MyUserId, Maya.UserId)
            .Add(c => c.OnToggle, (string e) => toggled.Add(e)));

        bar.Find("[data-testid=reaction]").Click();

        toggled.Should().Equal("🎉");
    }

    [Fact]
    public void AddButton_ClickOutsidePicker_ClosesWithoutReacting()
    {
        var toggled = new List<string>();
        var bar = Render<ReactionBar>(p => p.Add(c => c.Reactions, []).Add(c => c.OnToggle, (string e) => toggled.Add(e)));

        bar.Find("[data-testid=add-reaction]").Click();
        bar.Find("[data-testid=add-reaction]").GetAttribute("aria-expanded").Should().Be("true");
        bar.Find(".qd-popover-backdrop").Click();

        bar.FindAll("[data-testid=emoji-picker]").Should().BeEmpty();
        toggled.Should().BeEmpty();
    }

    [Fact]
    public void AddButton_PickFromSearch_TogglesPickedEmojiAndClosesPicker()
    {
        var toggled = new List<string>();
        var bar = Render<ReactionBar>(p => p.Add(c => c.Reactions, []).Add(c => c.OnToggle, (string e) => toggled.Add(e)));

        bar.Find("[data-testid=add-reaction]").Click();
        bar.Find("[data-testid=emoji-search]").Input("rocket");
        bar.Find("[data-testid=emoji-option][data-emoji='🚀']").Click();

        toggled.Should().Equal("🚀");
        bar.FindAll("[data-testid=emoji-picker]").Should().BeEmpty();
    }
}
