using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

public sealed class ThreadViewEditingTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Actions_OnlyOnOwnMessages()
    {
        var (maya, tom, thread) = await ThreadAsync();
        await PostAsync(maya, thread, "Mine");
        await PostAsync(tom, thread, "Tom's");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(2), Live);
        var messages = view.FindAll("[data-testid=message]");
        messages[0].QuerySelectorAll("[data-testid=edit-message], [data-testid=delete-message]").Should().HaveCount(2);
        messages[1].QuerySelectorAll("[data-testid=edit-message], [data-testid=delete-message]").Should().BeEmpty();
    }

    [Fact]
    public async Task Actions_AdminOnSomeoneElsesMessage_DeleteButNoEdit()
    {
        var (_, tom, thread) = await ThreadAsync();
        await PostAsync(tom, thread, "Tom's message");
        SignInAs(await App.CreateUserAsync("Ada Admin", Roles.Admin));

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        view.WaitForAssertion(() => view.FindAll("[data-testid=delete-message]").Should().ContainSingle(), Live);
        view.FindAll("[data-testid=edit-message]").Should().BeEmpty();
    }

    [Fact]
    public async Task Edit_SaveFromEditor_ShowsNewTextEditedAndClosesEditor()
    {
        var (maya, _, thread) = await ThreadAsync();
        await PostAsync(maya, thread, "Refund is procesed");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=edit-message]").Should().ContainSingle(), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=edit-message]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.Find("[data-testid=edit-input]").GetAttribute("value").Should().Be("Refund is procesed");
        await view.InvokeAsync(() => view.FindComponent<MessageEditor>().Instance.SaveAsync("Refund is processed"));

        view.WaitForAssertion(() =>
        {
            view.FindAll("[data-testid=message-editor]").Should().BeEmpty();
            view.Find("[data-testid=message-content]").TextContent.Trim().Should().Be("Refund is processed");
            view.Markup.Should().Contain("(edited)");
        }, Live);
        view.FindAll("[data-testid=edit-history-button]").Should().BeEmpty("an agent sees the mark, not the earlier versions");
    }

    [Fact]
    public async Task Edit_EmptyText_ShowsErrorAndKeepsEditorOpen()
    {
        var (maya, _, thread) = await ThreadAsync();
        var posted = await PostAsync(maya, thread, "Keep me");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=edit-message]").Should().ContainSingle(), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=edit-message]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        await view.InvokeAsync(() => view.FindComponent<MessageEditor>().Instance.SaveAsync("   "));

        view.WaitForAssertion(() => view.Find("[data-testid=edit-error]").TextContent.Should().Be("A message cannot be empty."), Live);
        view.FindAll("[data-testid=message-editor]").Should().ContainSingle();
        (await Messages.GetMessageAsync(maya, posted.Message.Id)).Content.Should().Be("Keep me");
    }

    [Fact]
    public async Task EditLast_FromComposerThenCancel_OpensNewestOwnMessageThenCloses()
    {
        var (maya, tom, thread) = await ThreadAsync();
        await PostAsync(maya, thread, "Older of mine");
        await PostAsync(maya, thread, "Newest of mine");
        await PostAsync(tom, thread, "Tom answered");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(3), Live);

        await view.InvokeAsync(() => view.FindComponent<Composer>().Instance.EditLastAsync());

        view.WaitForAssertion(() => view.Find("[data-testid=edit-input]").GetAttribute("value").Should().Be("Newest of mine"), Live);
        await view.InvokeAsync(() => view.FindComponent<MessageEditor>().Instance.CancelAsync());
        view.WaitForAssertion(() => view.FindAll("[data-testid=message-editor]").Should().BeEmpty(), Live);
        view.Markup.Should().NotContain("(edited)");
    }

    [Fact]
    public async Task EditHistory_Supervisor_ListsEarlierVersions()
    {
        var (maya, _, thread) = await ThreadAsync();
        var posted = await PostAsync(maya, thread, "Price is 10 EUR");
        await Edits.EditAsync(maya, posted.Message.Id, "Price is 12 EUR");
        var supervisor = await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor);
        SignInAs(supervisor);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=edit-history-button]").Should().ContainSingle(), Live);

        await view.InvokeAsync(() => view.Find("[data-testid=edit-history-button]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() =>
        {
            var version = view.Find("[data-testid=edit-version]");
            version.TextContent.Should().Contain("Price is 10 EUR").And.Contain("Maya Chen");
        }, Live);
        view.FindAll("[data-testid=edit-message]").Should().BeEmpty("a supervisor cannot edit someone else's message");
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, long Thread)> ThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        return (maya, tom, await App.CreateGroupThreadAsync(maya, "Editing", tom));
    }
}
