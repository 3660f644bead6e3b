using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>The analysis service on the whole app: posted and edited messages get their analysis stored and published live; the rule raises priority.</summary>
public sealed class AnalysisWorkerTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Post_MessageFromAPerson_AnalysisStoredAndPublishedAsMessageUpdated()
    {
        var (maya, threadId) = await ThreadAsync("Stored");
        using var updates = new UpdateWatcher(Events, threadId);

        var posted = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "I was charged twice for my invoice and I am really angry about it"))).Message;

        var update = await updates.NextAsync(m => m.Id == posted.Id && m.Metadata?.Analysis != null);
        update.Metadata!.Analysis.Should().BeEquivalentTo(new { Sentiment = "negative", Intent = "billing", Language = "en" });
        update.Metadata.Analysis!.SentimentScore.Should().BeLessThan(-0.05);
        var stored = await factory.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == posted.Id));
        stored.Metadata!.Analysis.Should().Be(update.Metadata.Analysis);
        (await factory.Messages.GetMessageAsync(maya, posted.Id)).Metadata!.Analysis.Should().Be(update.Metadata.Analysis, "reads show it too");
    }

    [Fact]
    public async Task Edit_ChangedMeaning_ReAnalysed()
    {
        var (maya, threadId) = await ThreadAsync("Edited");
        using var updates = new UpdateWatcher(Events, threadId);
        var posted = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "Thank you so much, the new dashboard is wonderful"))).Message;
        (await updates.NextAsync(m => m.Id == posted.Id && m.Metadata?.Analysis != null)).Metadata!.Analysis!.Sentiment.Should().Be("positive");

        await factory.Edits.EditAsync(maya, posted.Id, "Ich kann mich nicht mehr in mein Konto einloggen, das ist furchtbar ärgerlich");

        var reanalysed = await updates.NextAsync(m => m.Id == posted.Id && m.Metadata?.Analysis?.Language == "de");
        reanalysed.Content.Should().StartWith("Ich kann mich");
        var stored = await factory.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == posted.Id));
        stored.Metadata!.Analysis!.Language.Should().Be("de");
    }

    [Fact]
    public async Task Post_StronglyNegativeMessage_RaisesPriorityToHighAndTheInboxHearsIt()
    {
        var (maya, threadId) = await ThreadAsync("Raised");
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Events.Subscribe(threadId, e =>
        {
            if (e is ThreadChanged)
                changed.TrySetResult();
            return Task.CompletedTask;
        });

        await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "This is horrible, the worst service ever, I am furious and disgusted"));

        await changed.Task.WaitAsync(Wait);
        (await factory.Threads.GetThreadAsync(maya, threadId)).Priority.Should().Be(PriorityLevel.High);
    }

    [Fact]
    public async Task Post_UrgentMessageInAnUrgentThread_NeverLowersPriority()
    {
        var (maya, threadId) = await ThreadAsync("Not lowered");
        await factory.Threads.UpdateThreadAsync(maya, threadId, new UpdateThreadRequest(Priority: PriorityLevel.Urgent));
        using var updates = new UpdateWatcher(Events, threadId);

        var posted = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "URGENT: our whole system is down, please help immediately!"))).Message;

        (await updates.NextAsync(m => m.Id == posted.Id && m.Metadata?.Analysis != null)).Metadata!.Analysis!.Intent.Should().Be("urgent");
        (await factory.Threads.GetThreadAsync(maya, threadId)).Priority.Should().Be(PriorityLevel.Urgent, "the rule only raises");
    }

    [Fact]
    public async Task Post_CalmMessage_LeavesPriorityAlone()
    {
        var (maya, threadId) = await ThreadAsync("Calm");
        using var updates = new UpdateWatcher(Events, threadId);

        var posted = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "Where can I find the user guide for the reports?"))).Message;

        await updates.NextAsync(m => m.Id == posted.Id && m.Metadata?.Analysis != null);
        (await factory.Threads.GetThreadAsync(maya, threadId)).Priority.Should().Be(PriorityLevel.Normal);
    }

    private IChatEvents Events => factory.Services.GetRequiredService<IChatEvents>();

    private async Task<(ChatCaller Maya, long ThreadId)> ThreadAsync(string name)
    {
        var maya = await factory.CreateUserAsync($"Maya {name}", Roles.Agent);
        var tom = await factory.CreateUserAsync($"Tom {name}", Roles.Agent);
        return (maya, await factory.CreateGroupThreadAsync(maya, $"Analysis {name}", tom));
    }

    /// <summary>MessageUpdated events of one thread, awaited by condition.</summary>
    private sealed class UpdateWatcher : IDisposable
    {
        private readonly List<MessageSnapshot> seen = [];
        private readonly IDisposable subscription;
        private TaskCompletionSource waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public UpdateWatcher(IChatEvents events, long threadId) => subscription = events.Subscribe(threadId, e =>
        {
            if (e is MessageUpdated updated)
                lock (seen)
                {
                    seen.Add(updated.Message);
                    waiter.TrySetResult();
                }
            return Task.CompletedTask;
        });

        public async Task<MessageSnapshot> NextAsync(Func<MessageSnapshot, bool> match)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                Task next;
                lock (seen)
                {
                    if (seen.LastOrDefault(match) is { } found)
                        return found;
                    waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    next = waiter.Task;
                }
                await next.WaitAsync(deadline - DateTime.UtcNow);
            }
        }

        public void Dispose() => subscription.Dispose();
    }
}
