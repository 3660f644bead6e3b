using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Components;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Components;

/// <summary>The approval card on an AI message: pending with Approve/Deny, then ran, denied or failed, live in every open thread.</summary>
public sealed class ToolApprovalCardTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    private ToolApprovalService Approvals => App.Services.GetRequiredService<ToolApprovalService>();

    [Fact]
    public async Task Approve_Participant_RunsAndTheCardShowsWhoAndWhat()
    {
        var (maya, threadId, _) = await PendingAsync(AssistantTools.SetPriority, new() { ["level"] = "urgent" });
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("pending"), Live);
        view.Find("[data-testid=tool-card-text]").TextContent.Should().Be("The assistant wants to set the priority to Urgent.");
        await view.ClickWhenShownAsync("[data-testid=tool-approve]");

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("ran"), Live);
        view.Find("[data-testid=tool-card-text]").TextContent.Should()
            .Be("The assistant wants to set the priority to Urgent — approved by Maya. Priority set to Urgent.");
        view.FindAll("[data-testid=tool-approve]").Should().BeEmpty();
        (await App.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Priority).SingleAsync())).Should().Be(PriorityLevel.Urgent);
    }

    [Fact]
    public async Task Deny_Participant_NothingChangesAndTheCardSaysDenied()
    {
        var (maya, threadId, _) = await PendingAsync(AssistantTools.SetPriority, new() { ["level"] = "high" });
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));

        await view.ClickWhenShownAsync("[data-testid=tool-deny]");

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("denied"), Live);
        view.Find("[data-testid=tool-card-text]").TextContent.Should().EndWith("— denied by Maya. Nothing changed.");
        (await App.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Priority).SingleAsync())).Should().Be(PriorityLevel.Normal);
    }

    [Fact]
    public async Task Approve_LabelDeletedMeanwhile_CardShowsTheFailure()
    {
        var admin = await App.CreateUserAsync("Alex", Roles.Admin);
        var labels = App.Services.GetRequiredService<LabelService>();
        var label = await labels.CreateAsync(admin, new CreateLabelRequest("vip-" + Guid.NewGuid().ToString("N")[..6], "#e53935"));
        var (maya, threadId, _) = await PendingAsync(AssistantTools.AddLabel, new() { ["name"] = label.Name });
        await labels.DeleteAsync(admin, label.Id);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));

        await view.ClickWhenShownAsync("[data-testid=tool-approve]");

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("failed"), Live);
        view.Find("[data-testid=tool-card-text]").TextContent.Should().Contain($"but it failed: There is no label named \"{label.Name}\"");
    }

    [Fact]
    public async Task SupervisorLookingOn_NotAllowedToDecide_SeesTheOutcomeLive()
    {
        var (maya, threadId, approvalId) = await PendingAsync(AssistantTools.SetPriority, new() { ["level"] = "low" });
        var priya = await App.CreateUserAsync("Priya", Roles.Supervisor);
        SignInAs(priya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("pending"), Live);
        view.Find("[data-testid=tool-card-text]").TextContent.Should().EndWith("— waiting for someone in this conversation to approve.");
        view.FindAll("[data-testid=tool-approve]").Should().BeEmpty();
        view.FindAll("[data-testid=tool-deny]").Should().BeEmpty();

        await Approvals.ApproveAsync(maya, approvalId); // Maya, in her own browser

        view.WaitForAssertion(() => Card(view).GetAttribute("data-status").Should().Be("ran"), Live);
    }

    [Fact]
    public async Task StaleCard_AlreadyDecidedElsewhere_SaysSoAndDoesNotRunAgain()
    {
        var (maya, threadId, approvalId) = await PendingAsync(AssistantTools.SetPriority, new() { ["level"] = "urgent" });
        SignInAs(maya);
        var stale = new AiToolCard(approvalId, AssistantTools.SetPriority, "set the priority to Urgent", ToolApprovalStatus.Pending, null, null);
        var card = Render<ToolApprovalCard>(p => p.Add(c => c.Card, stale).Add(c => c.CanDecide, true));
        await Approvals.DenyAsync(maya, approvalId); // decided in another tab

        await card.ClickWhenShownAsync("[data-testid=tool-approve]");

        card.WaitForAssertion(() => card.Find("[data-testid=tool-card-error]").TextContent.Should().Contain("already decided (denied)"), Live);
        (await App.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).Select(t => t.Priority).SingleAsync())).Should().Be(PriorityLevel.Normal);
        (await App.QueryAsync(db => db.ToolApprovals.SingleAsync(a => a.Id == approvalId))).Status.Should().Be(ToolApprovalStatus.Denied);
    }

    /// <summary>A group thread with an assistant's reply that asked for <paramref name="tool"/>, pending.</summary>
    private async Task<(ChatCaller Maya, long ThreadId, long ApprovalId)> PendingAsync(string tool, Dictionary<string, string> arguments)
    {
        var maya = await App.CreateUserAsync("Maya", Roles.Agent);
        var customer = await App.CreateUserAsync("Customer", null);
        var threadId = await App.CreateGroupThreadAsync(maya, "Needs a change", customer);
        await PostAsync(customer, threadId, "Please hurry, this is important.");
        var message = await AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        await AiReplies.FinishAiMessageAsync(message.Id, "I asked an agent to approve this.", MessageStatus.Sent, new AiMetadata(null, null, "test-model"), CancellationToken.None);
        var approval = await Approvals.RequestAsync(new AssistantRequest(maya, threadId), message.Id, tool, arguments, "call_1", CancellationToken.None);
        return (maya, threadId, approval.Id);
    }

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<ThreadView> view) => view.Find("[data-testid=tool-card]");
}
