using Bunit;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis.Components;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis.Components;

/// <summary>The chips on a message: what they say, nothing before analysis, and that they arrive live in an open thread.</summary>
public sealed class AnalysisChipsTests() : ComponentTestContext(analysis: true)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public void Render_AnalysedMessage_SentimentIntentAndLanguageWithTooltips()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, new AnalysisMetadata("negative", "feature_request", "de", -0.6249)));

        var sentiment = chips.Find("[data-testid=analysis-sentiment]");
        sentiment.GetAttribute("title").Should().Be("Sentiment: negative (-0.62)");
        sentiment.ClassList.Should().Contain("qd-analysis-sentiment--negative");
        chips.Find("[data-testid=analysis-intent]").TextContent.Should().Be("feature request");
        chips.Find("[data-testid=analysis-intent]").GetAttribute("title").Should().Be("Intent: feature request");
        chips.Find("[data-testid=analysis-language]").TextContent.Should().Be("DE");
        chips.Find("[data-testid=analysis-language]").GetAttribute("title").Should().Be("Language: German (de)");
    }

    [Fact]
    public void Render_NotAnalysed_RendersNothing()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, null));

        chips.Markup.Trim().Should().BeEmpty();
    }

    [Fact]
    public void Render_UndeterminedLanguage_NoLanguageChip()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, new AnalysisMetadata("neutral", "greeting", "und", 0)));

        chips.FindAll("[data-testid=analysis-language]").Should().BeEmpty();
        chips.Find("[data-testid=analysis-sentiment]").GetAttribute("title").Should().Be("Sentiment: neutral (0.00)");
    }

    [Fact]
    public async Task ThreadView_MessagePostedElsewhere_ChipsAppearLiveOnceAnalysed()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Live analysis", tom);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        await PostAsync(tom, thread, "The export is broken again and I am really frustrated");

        view.WaitForAssertion(() =>
        {
            view.Find("[data-testid=analysis-sentiment]").GetAttribute("title").Should().StartWith("Sentiment: negative (-");
            view.Find("[data-testid=analysis-language]").TextContent.Should().Be("EN");
        }, Live);
    }
}
