using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ThreadViewReactionTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Reactions_OwnClickAndOthersLive_ChipsFollow()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Reactions", tom);
        var posted = await PostAsync(tom, thread, "Refund done :tada:");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Find("[data-testid=message-content]").TextContent.Should().Contain("Refund done 🎉"), Live);
        view.FindAll("[data-testid=reaction]").Should().BeEmpty();

        await App.Services.GetRequiredService<ReactionService>().ToggleAsync(tom, posted.Message.Id, ":+1:");
        view.WaitForAssertion(() => view.Find("[data-testid=reaction][data-emoji='👍'] [data-testid=reaction-count]").TextContent.Should().Be("1"), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=reaction][data-emoji='👍']").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() =>
        {
            var chip = view.Find("[data-testid=reaction][data-emoji='👍']");
            chip.QuerySelector("[data-testid=reaction-count]")!.TextContent.Should().Be("2");
            chip.ClassList.Should().Contain("qd-reaction--mine");
            chip.GetAttribute("title").Should().Be("Tom Okafor, You reacted with :+1:");
        }, Live);

        await view.InvokeAsync(() => view.Find("[data-testid=reaction][data-emoji='👍']").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() =>
            view.Find("[data-testid=reaction][data-emoji='👍']").ClassList.Should().NotContain("qd-reaction--mine"), Live);
        (await App.Services.GetRequiredService<ReactionService>().GetAsync(maya, posted.Message.Id))
            .Should().ContainSingle().Which.Users.Should().ContainSingle(u => u.UserId == tom.UserId);
    }
}
