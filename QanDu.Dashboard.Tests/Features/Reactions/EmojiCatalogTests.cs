using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Tests.Features.Reactions;

public sealed class EmojiCatalogTests
{
    private static readonly EmojiCatalog Catalog = EmojiCatalog.Default;

    [Fact]
    public void All_ShippedList_HasHundredsOfEmojiEachWithNameAndShortcode()
    {
        Catalog.All.Should().HaveCountGreaterThan(300);
        Catalog.All.Should().OnlyContain(e => e.Name.Length > 0 && e.Shortcodes.Count > 0 && e.Emoji.Length > 0);
        Catalog.All.Select(e => e.Emoji).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("👍", "👍")]
    [InlineData(":+1:", "👍")]
    [InlineData("thumbsup", "👍")]
    [InlineData("❤", "❤️")]
    [InlineData(":heart:", "❤️")]
    [InlineData(":TADA:", "🎉")]
    public void Find_CharacterOrShortcode_TheSameEmoji(string text, string expected) =>
        Catalog.Find(text)!.Emoji.Should().Be(expected);

    [Fact]
    public void Search_WordsAndShortcodes_MatchByNameOrCode()
    {
        Catalog.Search("party").Select(e => e.Emoji).Should().Contain(["🎉", "🥳"]);
        Catalog.Search("thumbs up").Select(e => e.Emoji).Should().Contain("👍");
        Catalog.Search(":tada").Select(e => e.Emoji).Should().Contain("🎉");
        Catalog.Search("").Should().HaveCount(Catalog.All.Count);
        Catalog.Search("zzqqxx").Should().BeEmpty();
    }
}
