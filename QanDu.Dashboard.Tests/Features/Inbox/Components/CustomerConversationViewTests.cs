using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>A customer conversation open in the thread view: the customer's typing preview, the rating, the note mode.</summary>
public sealed class CustomerConversationViewTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CustomerTyping_ShownAsTextUnderTheMessages_ClearedWhenTheyStopOrAfterSixQuietSeconds()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await App.StartAsync("Ada Customer");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));
        view.WaitForElement("[data-testid=composer]", Live);
        var events = App.Services.GetRequiredService<IChatEvents>();

        events.Publish(new CustomerTyping(chat.ThreadId, "<b>where</b> is my order", true));

        view.WaitForAssertion(() =>
        {
            var preview = view.Find("[data-testid=customer-typing]");
            preview.TextContent.Should().Contain("Ada Customer is typing: <b>where</b> is my order");
            preview.QuerySelector("b").Should().BeNull("the customer's draft is text, never markup");
        }, Live);
        Clock.Advance(TimeSpan.FromSeconds(6.5));
        view.WaitForAssertion(() => view.FindAll("[data-testid=customer-typing]").Should().BeEmpty(), Live);

        events.Publish(new CustomerTyping(chat.ThreadId, "Hello", true));
        view.WaitForAssertion(() => view.FindAll("[data-testid=customer-typing]").Should().ContainSingle(), Live);
        events.Publish(new CustomerTyping(chat.ThreadId, "", false));
        view.WaitForAssertion(() => view.FindAll("[data-testid=customer-typing]").Should().BeEmpty(), Live);
    }

    [Fact]
    public async Task Header_ResolvedAndRated_ShowsResolvedWithStarsAndTheComment()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await App.StartAsync("Rating Customer");
        await App.QueryAsync(db => db.Threads.Where(t => t.Id == chat.ThreadId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ThreadStatus.Archived)
            .SetProperty(t => t.ResolvedAt, DateTime.UtcNow)
            .SetProperty(t => t.Rating, 4)
            .SetProperty(t => t.RatingComment, "Quick and kind")));
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));

        view.WaitForAssertion(() =>
        {
            view.Find("[data-testid=thread-status]").TextContent.Should().Contain("Resolved");
            view.Find("[data-testid=thread-rating]").GetAttribute("data-rating").Should().Be("4");
            view.Find("[data-testid=thread-rating]").GetAttribute("aria-label").Should().Be("Rated 4 out of 5 by the customer");
            view.Find("[data-testid=unarchive]").TextContent.Should().Contain("Reopen");
        }, Live);
    }

    [Fact]
    public async Task Composer_NoteMode_OfferedInCustomerConversationsOnly()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await App.StartAsync("Note Mode Customer");
        var team = await App.CreateGroupThreadAsync(maya, "Team room", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);

        var teamView = Render<ThreadView>(p => p.Add(c => c.ThreadId, team));
        teamView.WaitForElement("[data-testid=composer]", Live);
        teamView.FindAll("[data-testid=composer-mode-note]").Should().BeEmpty();

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));
        view.WaitForElement("[data-testid=composer-mode-note]", Live);
        await view.InvokeAsync(() => view.Find("[data-testid=composer-mode-note]").Click());

        view.WaitForAssertion(() =>
        {
            view.Find("[data-testid=composer-area]").GetAttribute("data-mode").Should().Be("note");
            view.Find("[data-testid=composer-note-label]").TextContent.Should().Contain("the customer will not see this");
            view.Find("[data-testid=composer]").GetAttribute("placeholder").Should().Be("Write a private note for the team…");
        }, Live);
    }
}
