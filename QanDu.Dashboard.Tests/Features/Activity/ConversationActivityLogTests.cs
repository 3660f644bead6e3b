using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Activity;

/// <summary>
/// The activity log every report reads: each change of a customer conversation is recorded by whichever service made
/// it, in its commit; staff threads and private notes leave nothing.
/// </summary>
public sealed class ConversationActivityLogTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ConversationLifecycle Lifecycle => factory.Services.GetRequiredService<ConversationLifecycle>();

    [Fact]
    public async Task CustomerConversation_FullCycle_EveryStepRecordedInOrder()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await factory.StartAsync("Ada Customer");

        await factory.Threads.AssignAsync(maya, chat.ThreadId, maya.UserId);
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Hi Ada, looking at it now."));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Note to self: check billing", IsPrivate: true));
        await Lifecycle.ResolveAsync(maya, chat.ThreadId);
        await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "One more thing"));

        var facts = await FactsAsync(chat.ThreadId);
        facts.Select(f => f.Kind).Should().Equal(
            ActivityKind.Created, ActivityKind.CustomerMessage, ActivityKind.Assigned, ActivityKind.AgentReply,
            ActivityKind.Resolved, ActivityKind.CustomerMessage, ActivityKind.Reopened);
        facts.Single(f => f.Kind == ActivityKind.AgentReply).UserId.Should().Be(maya.UserId);
        facts.Single(f => f.Kind == ActivityKind.Resolved).UserId.Should().Be(maya.UserId, "a resolve is credited to the assignee");
        facts.Where(f => f.Kind == ActivityKind.CustomerMessage).Should().OnlyContain(f => f.UserId == null && f.MessageId != null);
    }

    [Fact]
    public async Task StaffThread_MessagesAndArchive_NothingRecorded()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Park", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, "Shift hand-over", tom);
        await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "All yours"));
        await Lifecycle.ResolveAsync(maya, threadId);

        (await FactsAsync(threadId)).Should().BeEmpty();
    }

    private Task<List<ConversationActivity>> FactsAsync(long threadId) =>
        factory.QueryAsync(db => db.ConversationActivity.Where(a => a.ThreadId == threadId).OrderBy(a => a.Id).ToListAsync());
}
