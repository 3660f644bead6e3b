using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Presence.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Presence.Components;

/// <summary>The line above the composer: who else is typing, live, and nothing once they stop or send.</summary>
public sealed class TypingIndicatorTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private TypingService Typing => App.Services.GetRequiredService<TypingService>();

    [Fact]
    public async Task Render_OneOtherPersonTyping_NamesThemButNeverMe()
    {
        var (maya, tom, _, threadId) = await ThreadAsync("One");
        var view = Render<TypingIndicator>(p => p.Add(c => c.ThreadId, threadId).Add(c => c.Me, maya));
        view.FindAll("[data-testid=typing-text]").Should().BeEmpty("nobody types yet");

        await Typing.TypingAsync(maya, threadId);
        await Typing.TypingAsync(tom, threadId);

        view.WaitForAssertion(() => view.Find("[data-testid=typing-text]").TextContent.Should().Be("Tom One is typing…"), Live);
    }

    [Fact]
    public async Task Render_TwoPeopleTyping_NamesBoth()
    {
        var (maya, tom, lin, threadId) = await ThreadAsync("Two");
        var view = Render<TypingIndicator>(p => p.Add(c => c.ThreadId, threadId).Add(c => c.Me, maya));

        await Typing.TypingAsync(tom, threadId);
        await Typing.TypingAsync(lin, threadId);

        view.WaitForAssertion(() => view.Find("[data-testid=typing-text]").TextContent.Should().Be("Tom Two and Lin Two are typing…"), Live);
    }

    [Fact]
    public async Task Render_ThreeOrMoreTyping_SaysSeveral()
    {
        var (maya, tom, lin, threadId) = await ThreadAsync("Three");
        var viewer = await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor);
        var view = Render<TypingIndicator>(p => p.Add(c => c.ThreadId, threadId).Add(c => c.Me, viewer));

        await Typing.TypingAsync(maya, threadId);
        await Typing.TypingAsync(tom, threadId);
        await Typing.TypingAsync(lin, threadId);

        view.WaitForAssertion(() => view.Find("[data-testid=typing-text]").TextContent.Should().Be("Several people are typing…"), Live);
    }

    [Fact]
    public async Task Events_TyperSendsOrClears_IndicatorGoesAtOnce()
    {
        var (maya, tom, lin, threadId) = await ThreadAsync("Gone");
        var view = Render<TypingIndicator>(p => p.Add(c => c.ThreadId, threadId).Add(c => c.Me, maya));
        await Typing.TypingAsync(tom, threadId);
        await Typing.TypingAsync(lin, threadId);
        view.WaitForAssertion(() => view.Find("[data-testid=typing-text]").TextContent.Should().Contain("are typing"), Live);

        await PostAsync(tom, threadId, "Found it, sending the label now.");
        view.WaitForAssertion(() => view.Find("[data-testid=typing-text]").TextContent.Should().Be("Lin Gone is typing…"), Live);

        Typing.Stopped(lin, threadId);
        view.WaitForAssertion(() => view.FindAll("[data-testid=typing-text]").Should().BeEmpty(), Live);
    }

    [Fact]
    public async Task Render_ThreadTheViewerCannotSee_ShowsNothing()
    {
        var (_, tom, _, threadId) = await ThreadAsync("Hidden");
        var outsider = await App.CreateUserAsync("Olga Outside", Roles.Agent);
        await Typing.TypingAsync(tom, threadId);

        var view = Render<TypingIndicator>(p => p.Add(c => c.ThreadId, threadId).Add(c => c.Me, outsider));

        view.FindAll("[data-testid=typing-text]").Should().BeEmpty();
        view.Markup.Should().NotContain("Tom Hidden");
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, ChatCaller Lin, long ThreadId)> ThreadAsync(string title)
    {
        var maya = await App.CreateUserAsync($"Maya {title}", Roles.Agent);
        var tom = await App.CreateUserAsync($"Tom {title}", Roles.Agent);
        var lin = await App.CreateUserAsync($"Lin {title}", Roles.Agent);
        return (maya, tom, lin, await App.CreateGroupThreadAsync(maya, title, tom, lin));
    }
}
