using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Tools;

/// <summary>Offline, the built-in assistant asks for a change only when a person asks for it plainly, and it waits for approval.</summary>
public sealed class LocalToolProposalTests(LocalToolProposalTests.Fixture fixture) : IClassFixture<LocalToolProposalTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public DashboardFactory App { get; } = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.001" } };

        public void Dispose() => App.Dispose();
    }

    private DashboardFactory App => fixture.App;

    [Fact]
    public async Task AskToAddAnExistingLabel_ApprovalCardPendingAndNothingChangedYet()
    {
        var admin = await App.CreateUserAsync("Alex", Roles.Admin);
        await App.Services.GetRequiredService<LabelService>().CreateAsync(admin, new CreateLabelRequest("Billing", "#1e88e5"));
        var (maya, threadId) = await AiThreadAsync("Label it");

        await App.Messages.PostAsync(maya, new PostMessageRequest(threadId, "Please add the label billing to this one."));
        var reply = await WaitForReplyAsync(threadId);

        reply.Content.Should().Be("I asked to add the label \"billing\". Nothing has changed yet: it happens only when someone in this conversation approves it below.");
        reply.Metadata!.Ai!.Tools.Should().ContainSingle().Which.Should().BeEquivalentTo(new { ToolName = "add_label", Status = ToolApprovalStatus.Pending });
        (await App.QueryAsync(db => db.ThreadLabels.CountAsync(l => l.ThreadId == threadId))).Should().Be(0);
    }

    [Fact]
    public async Task AskToAddAnUnknownLabel_NoApprovalAndTheNoteNamesTheLabels()
    {
        var (maya, threadId) = await AiThreadAsync("No such label");

        await App.Messages.PostAsync(maya, new PostMessageRequest(threadId, "add the label nonsense-label"));
        var reply = await WaitForReplyAsync(threadId);

        reply.Metadata!.Ai!.Tools.Should().BeNull();
        reply.Metadata.Ai.Notes.Should().ContainSingle().Which.Should().Contain("There is no label named \"nonsense-label\"");
        reply.Content.Should().StartWith("I could not ask for that change.");
    }

    [Fact]
    public async Task Client_NoToolsOffered_AnswersInsteadOfCalling()
    {
        var client = App.Services.GetRequiredService<IChatClient>();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "set priority to urgent")]);

        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Should().BeEmpty();
        response.Text.Should().NotBeEmpty();
    }

    private async Task<(ChatCaller Maya, long ThreadId)> AiThreadAsync(string title)
    {
        var maya = await App.CreateUserAsync("Maya", Roles.Agent);
        var thread = await App.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, title, []));
        return (maya, thread.Id);
    }

    private async Task<Message> WaitForReplyAsync(long threadId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reply = await App.QueryAsync(db => db.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai && m.Status != MessageStatus.Sending));
            if (reply is not null)
                return reply;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No finished AI reply in thread {threadId}.");
            await Task.Delay(25);
        }
    }
}
