using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Summaries;

/// <summary>The thread header's Summarize: the panel with the four parts, Copy, and a private note in customer conversations only.</summary>
public sealed class SummaryPanelTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    private async Task<(ChatCaller Tom, long ThreadId)> CustomerConversationAsync()
    {
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var chat = await App.StartAsync("Rosa Diaz", "We were charged twice for April. Can you refund one payment?");
        await Threads.AssignAsync(tom, chat.ThreadId, tom.UserId);
        await Messages.PostAsync(tom, new PostMessageRequest(chat.ThreadId, "I've refunded the duplicate payment of $120.00 and added a $10 credit."));
        return (tom, chat.ThreadId);
    }

    [Fact]
    public async Task Summarize_CustomerConversation_PanelShowsTheFourPartsAndAddsThemAsOnePrivateNote()
    {
        var (tom, threadId) = await CustomerConversationAsync();
        SignInAs(tom);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        var button = view.WaitForElement("[data-testid=summarize]", Live);
        button.GetAttribute("aria-label").Should().Be("Summarize");

        await view.InvokeAsync(() => button.Click());

        view.WaitForElement("[data-testid=summary-problem]", Live).TextContent.Should().Contain("charged twice for April");
        view.Find("[data-testid=summarize]").GetAttribute("aria-pressed").Should().Be("true");
        view.Find("[data-testid=summary-done]").TextContent.Should().Contain("Tom Okafor: I've refunded the duplicate payment of $120.00");
        view.Find("[data-testid=summary-outcome]").TextContent.Should().Contain("Not resolved yet.");
        view.Find("[data-testid=summary-open]").TextContent.Should().Contain("Nothing open.");

        await view.InvokeAsync(() => view.Find("[data-testid=summary-add-note]").Click());
        view.WaitForAssertion(() => view.Find("[data-testid=summary-status]").TextContent.Should().Contain("Added to the conversation as a private note"), Live);
        view.Find("[data-testid=summary-add-note]").HasAttribute("disabled").Should().BeTrue("the same summary is added once");
        var notes = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ThreadId == threadId && m.IsPrivate).ToListAsync());
        notes.Should().ContainSingle().Which.Content.Should().StartWith("**Problem:** We were charged twice for April.");
        notes[0].SenderId.Should().Be(tom.UserId);
    }

    [Fact]
    public async Task Copy_WritesTheMarkdownToTheClipboard()
    {
        var (tom, threadId) = await CustomerConversationAsync();
        SignInAs(tom);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        await view.InvokeAsync(() => view.WaitForElement("[data-testid=summarize]", Live).Click());
        view.WaitForElement("[data-testid=summary-copy]", Live);

        await view.InvokeAsync(() => view.Find("[data-testid=summary-copy]").Click());

        var copied = JSInterop.Invocations.Where(i => i.Identifier == "navigator.clipboard.writeText").Should().ContainSingle().Subject;
        ((string)copied.Arguments[0]!).Should().StartWith("**Problem:** We were charged twice").And.Contain("**Done:**\n- Tom Okafor:");
        view.Find("[data-testid=summary-copy]").TextContent.Should().Contain("Copied");
    }

    [Fact]
    public async Task Summarize_TeamThread_CopyOnlyNoNoteAndEscapeCloses()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await App.CreateUserAsync("Sam Lee", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Release checklist", sam);
        await Messages.PostAsync(maya, new PostMessageRequest(thread, "Can someone verify the 2.4 release notes before Friday?"));
        await Messages.PostAsync(sam, new PostMessageRequest(thread, "I've verified them and fixed two broken links."));
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        await view.InvokeAsync(() => view.WaitForElement("[data-testid=summarize]", Live).Click());

        view.WaitForElement("[data-testid=summary-done]", Live).TextContent.Should().Contain("Sam Lee: I've verified them and fixed two broken links.");
        view.FindAll("[data-testid=summary-copy]").Should().ContainSingle();
        view.FindAll("[data-testid=summary-add-note]").Should().BeEmpty("everyone in a team thread sees every message: no note to add");

        await view.InvokeAsync(() => view.Find("[data-testid=summary-panel]").KeyDown(new KeyboardEventArgs { Key = "Escape" }));
        view.WaitForAssertion(() => view.FindAll("[data-testid=summary-panel]").Should().BeEmpty(), Live);
    }
}
