using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor.Services;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Reactions.Components;

namespace QanDu.Dashboard.Tests.Features.Reactions.Components;

public sealed class EmojiPickerTests : BunitContext
{
    public EmojiPickerTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Render_NoSearch_ShowsTheWholeListWithNames()
    {
        var picker = Render<EmojiPicker>();

        var options = picker.FindAll("[data-testid=emoji-option]");
        options.Should().HaveCount(EmojiCatalog.Default.All.Count);
        options.Should().Contain(o => o.GetAttribute("data-emoji") == "👍" && o.GetAttribute("title") == "thumbs up sign :+1:");
    }

    [Fact]
    public void Search_Word_NarrowsToMatches()
    {
        var picker = Render<EmojiPicker>();

        picker.Find("[data-testid=emoji-search]").Input("heart");

        var shown = picker.FindAll("[data-testid=emoji-option]").Select(o => o.GetAttribute("data-emoji")).ToList();
        shown.Should().Contain(["❤️", "💔", "😍"]).And.NotContain("👍");
        picker.FindAll("[data-testid=emoji-empty]").Should().BeEmpty();
    }

    [Fact]
    public void Search_NoMatch_SaysSoAndShowsNoOptions()
    {
        var picker = Render<EmojiPicker>();

        picker.Find("[data-testid=emoji-search]").Input("xylophone-pizza");

        picker.FindAll("[data-testid=emoji-option]").Should().BeEmpty();
        picker.Find("[data-testid=emoji-empty]").TextContent.Should().Be("No emoji match “xylophone-pizza”.");
    }

    [Fact]
    public void Keys_EnterPicksFirstMatchEscapeCloses()
    {
        var picked = new List<string>();
        var closed = 0;
        var picker = Render<EmojiPicker>(p => p
            .Add(c => c.OnPick, (string e) => picked.Add(e))
            .Add(c => c.OnClose, () => closed++));
        var search = picker.Find("[data-testid=emoji-search]");

        search.Input(":tada:");
        search.KeyDown(new KeyboardEventArgs { Key = "Enter" });
        search.KeyDown(new KeyboardEventArgs { Key = "Escape" });

        picked.Should().Equal("🎉");
        closed.Should().Be(1);
    }
}
