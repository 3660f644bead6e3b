using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>The bar with the built-in offline assistant: labelled as such, and an honest empty state.</summary>
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
}
