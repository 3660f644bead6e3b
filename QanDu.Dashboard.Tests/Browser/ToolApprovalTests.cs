using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The offline assistant asks to change the priority; the agent approves the card; her other open tab sees it run. A
/// supervisor cannot open the thread: an AI thread is private to who asked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ToolApprovalTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task AskToSetPriority_AgentApprovesTheCard_PriorityChangesInEveryTabAndTheSupervisorCannotOpenIt()
    {
        var mayaCaller = await app.CallerAsync(DemoUsers.Maya);
        var thread = await app.Threads.CreateThreadAsync(mayaCaller, new CreateThreadRequest(ThreadType.Ai, "Escalation " + Guid.NewGuid().ToString("N")[..6], []));
        await using var maya = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var secondTab = await app.SignInAsync(DemoUsers.Maya, $"/threads/{thread.Id}");
        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, $"/threads/{thread.Id}");
        await Task.WhenAll(maya.WaitForThreadAsync(thread.Id), secondTab.WaitForThreadAsync(thread.Id));
        await Expect(supervisor.Page.GetByTestId("thread-error")).ToContainTextAsync("does not exist");

        await maya.SendAsync("Please set priority to urgent.");

        var mayaCard = maya.Page.GetByTestId("tool-card");
        var secondCard = secondTab.Page.GetByTestId("tool-card");
        await Expect(mayaCard).ToHaveAttributeAsync("data-status", "pending");
        await Expect(mayaCard).ToContainTextAsync("The assistant wants to set the priority to Urgent.");
        await Expect(secondCard).ToHaveAttributeAsync("data-status", "pending");
        // Message analysis may raise the priority of an urgent-sounding message (to High), never to Urgent and never down.
        await Expect(maya.Page.GetByTestId("priority-menu")).Not.ToContainTextAsync("Urgent");
        await Expect(maya.Page.GetByTestId("ai-chip")).ToHaveCountAsync(1);
        await Expect(maya.Messages.Filter(new LocatorFilterOptions { Has = maya.Page.GetByTestId("ai-chip") }))
            .ToHaveAttributeAsync("data-status", "sent");
        await Expect(maya.Page.GetByTestId("message-content").Last).ToContainTextAsync("Nothing has changed yet");

        await maya.Page.GetByTestId("tool-approve").ClickAsync();

        await Expect(mayaCard).ToHaveAttributeAsync("data-status", "ran");
        await Expect(mayaCard).ToContainTextAsync("approved by Maya");
        await Expect(secondCard).ToHaveAttributeAsync("data-status", "ran");
        await Expect(maya.Page.GetByTestId("priority-menu")).ToContainTextAsync("Urgent");
        await Expect(secondTab.Page.GetByTestId("priority-menu")).ToContainTextAsync("Urgent");
        await Expect(maya.Page.GetByTestId("tool-approve")).ToHaveCountAsync(0);
        await maya.Page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/qandu-tool-approval.png" });
        var approvals = await ApprovalsAsync(thread.Id);
        approvals.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ToolName = "set_priority", Status = ToolApprovalStatus.Ran });
        maya.ShouldHaveLoadedCleanly();
        secondTab.ShouldHaveLoadedCleanly();
        supervisor.ShouldHaveLoadedCleanly();
    }

    private async Task<List<ToolApproval>> ApprovalsAsync(long threadId)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.ToolApprovals.AsNoTracking().Where(a => a.ThreadId == threadId).ToListAsync();
    }
}
