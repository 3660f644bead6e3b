using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>The thread header's actions, clicked as an agent clicks them, against the real services.</summary>
public sealed class ThreadActionsTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task PriorityMenu_ChooseUrgent_StoredAndHeaderShowsIt()
    {
        var (maya, thread) = await ThreadAsync();
        var popovers = Render<MudPopoverProvider>();
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForElement("[data-testid=priority-menu] button");

        await view.InvokeAsync(() => view.Find("[data-testid=priority-menu] button").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        await popovers.ClickWhenShownAsync("[data-testid=priority-option-urgent]");

        view.WaitForAssertion(() => view.Find("[data-testid=priority-menu] button").TextContent.Should().Contain("Urgent"), Live);
        (await Threads.GetThreadAsync(maya, thread)).Priority.Should().Be(PriorityLevel.Urgent);
    }

    [Fact]
    public async Task LabelMenu_PickLabel_ChipInHeaderThenRemovedWithItsButton()
    {
        var (maya, thread) = await ThreadAsync();
        var admin = await App.CreateUserAsync("Alex Morgan", Roles.Admin);
        var label = await App.Services.GetRequiredService<LabelService>().CreateAsync(admin, new CreateLabelRequest("Refund", "#43a047"));
        var popovers = Render<MudPopoverProvider>();
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        await view.ClickWhenShownAsync("[data-testid=label-menu] button");

        await popovers.ClickWhenShownAsync($"[data-testid=label-option][data-label-id='{label.Id}']");

        view.WaitForAssertion(() => view.Find("[data-testid=header-labels] [data-testid=thread-label]").TextContent.Should().Contain("Refund"), Live);
        await view.InvokeAsync(() => view.Find("[data-testid=remove-label]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.FindAll("[data-testid=header-labels]").Should().BeEmpty(), Live);
        (await Threads.GetThreadAsync(maya, thread)).Labels.Should().BeEmpty();
    }

    [Fact]
    public async Task Archive_Clicked_ArchivedAndUndoInTheSnackbarBringsItBack()
    {
        var (maya, thread) = await ThreadAsync();
        var snackbars = Render<MudSnackbarProvider>();
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        await view.ClickWhenShownAsync("[data-testid=archive]");

        view.WaitForElement("[data-testid=unarchive]", Live);
        (await Threads.GetThreadAsync(maya, thread)).Status.Should().Be(ThreadStatus.Archived);
        snackbars.WaitForAssertion(() => snackbars.Markup.Should().Contain("Conversation archived"), Live);
        snackbars.FindAll("button").Single(b => b.TextContent.Contains("Undo")).Click();
        view.WaitForElement("[data-testid=archive]", Live);
        (await Threads.GetThreadAsync(maya, thread)).Status.Should().Be(ThreadStatus.Active);
    }

    [Fact]
    public async Task Unarchive_Clicked_ThreadActiveAgain()
    {
        var (maya, thread) = await ThreadAsync();
        await Threads.UpdateThreadAsync(maya, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        await view.ClickWhenShownAsync("[data-testid=unarchive]");

        view.WaitForElement("[data-testid=archive]", Live);
        (await Threads.GetThreadAsync(maya, thread)).Status.Should().Be(ThreadStatus.Active);
    }

    [Fact]
    public async Task Render_AiThread_NoAssignMenuButTheOtherActions()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var ai = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, ai.Id));

        view.WaitForElement("[data-testid=priority-menu]", Live);
        view.FindAll("[data-testid=assign-menu]").Should().BeEmpty("an AI thread is private to who asked: there is nobody to assign it to");
        view.FindAll("[data-testid=archive]").Should().ContainSingle();
    }

    [Fact]
    public async Task Render_GroupThread_OffersAssign()
    {
        var (_, thread) = await ThreadAsync();

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForElement("[data-testid=assign-menu]", Live);
    }

    private async Task<(ChatCaller Maya, long Thread)> ThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Header actions", await App.CreateUserAsync("Tom Okafor", Roles.Agent));
        SignInAs(maya);
        return (maya, thread);
    }
}
