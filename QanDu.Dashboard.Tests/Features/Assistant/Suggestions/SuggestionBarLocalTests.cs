using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>The bar with the built-in offline assistant: labelled as such, citing its source, and an honest empty state.</summary>
public sealed class SuggestionBarLocalTests : ComponentTestContext
{
    [Fact]
    public async Task NothingRelevantFound_ShowsNoSuggestionsForThisMessage()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var ana = await App.CreateUserAsync("Ana Souza", role: null);
        var thread = await App.CreateGroupThreadAsync(maya, "Chat", ana);
        var incoming = await PostAsync(ana, thread, "What colour are the moons of Jupiter tonight?");

        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya).Add(c => c.IncomingMessageId, incoming.Message.Id));

        bar.WaitForAssertion(() => bar.Find("[data-testid=suggestions-empty]").TextContent.Should().Be("No suggestions for this message."),
            TimeSpan.FromSeconds(15));
        bar.Find("[data-testid=suggestions-by]").TextContent.Should().Contain("built-in offline assistant");
        bar.FindAll("[data-testid=suggestion]").Should().BeEmpty();
    }

    [Fact]
    public async Task ArticleCoversTheQuestion_CardShowsTheTextAndCitesTheArticleForStaff()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var priya = await App.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var article = await App.ArticleAsync(priya, "Resetting your password",
            "Click **Forgot password?** on the sign-in page and enter your account's email. The reset link works for one hour.");
        var ana = await App.CustomerAsync("Ana Souza");
        var thread = await App.CustomerThreadAsync(ana, "Password");
        var incoming = await App.PostAsync(ana.Caller, thread, "How do I reset my password?");

        var bar = Render<SuggestionBar>(p => p.Add(c => c.ThreadId, thread).Add(c => c.Me, maya).Add(c => c.IncomingMessageId, incoming));

        bar.WaitForAssertion(() => bar.FindAll("[data-testid=suggestion][data-status=done]").Should().HaveCount(1), TimeSpan.FromSeconds(15));
        bar.Find("[data-testid=suggestion-text]").TextContent.Should().StartWith("Hi Ana! ").And.Contain("reset link works for one hour")
            .And.NotContain("Source", "the text is what the customer gets");
        var source = bar.Find("[data-testid=suggestion-source]");
        source.TextContent.Trim().Should().Be("Source: Resetting your password");
        source.QuerySelector("a")!.GetAttribute("href").Should().Be($"/knowledge/{article}");
    }
}
