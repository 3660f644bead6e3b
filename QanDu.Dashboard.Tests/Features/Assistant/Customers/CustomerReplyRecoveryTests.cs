using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Assistant.Customers.CustomerKit;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>A customer's question whose app died right after the commit still gets the assistant's answer after a restart.</summary>
public sealed class CustomerReplyRecoveryTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Restart_QuestionCommittedButNothingReacted_PendingReplyWasInTheSameCommit_AndIsAnsweredAtStart()
    {
        long threadId, questionId;
        string word;
        // A bus that delivers nothing stands for the process killed between the commit and the assistant's start.
        await using (var crashed = DashboardFactory.OnFolder(_folder, testServices: services => services.AddSingleton<IChatEvents, DeafBus>()))
        {
            word = Word();
            await ArticleAsync(crashed, $"Tracking a {word} parcel", $"Track a {word} parcel from Orders with Track: the carrier's link opens.");
            var channel = await AssistantChannelAsync(crashed);
            var (client, _) = await VisitAsync(crashed, channel);
            var question = await SendAsync(client, $"Where can I track my {word} parcel?");
            (threadId, questionId) = (question.ConversationId, question.Id);

            // Nothing reacted to the post (no bus), so the pending reply can only have come from the question's own commit.
            var pending = await crashed.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai));
            var asked = await crashed.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == questionId));
            pending.Should().Match<Message>(m => m.ClientKey == PendingAiReplies.KeyFor(questionId) && m.Status == MessageStatus.Sending && m.Content == "");
            pending.Timestamp.Should().Be(asked.Timestamp, "written in the same transaction");
        }

        await using var restarted = DashboardFactory.OnFolder(_folder);
        var answer = await FinishedAsync(restarted, threadId);

        answer.Status.Should().Be(MessageStatus.Sent, "the restart writes the reply instead of leaving the customer unanswered");
        answer.Content.Should().Contain("Track");
        answer.ClientKey.Should().Be(PendingAiReplies.KeyFor(questionId));
        (await restarted.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai))).Should().Be(1);
        (await restarted.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId))).Status.Should().Be(ThreadStatus.Pending);
    }

    /// <summary>A bus that delivers nothing.</summary>
    private sealed class DeafBus : IChatEvents
    {
        public void Publish(ChatEvent chatEvent)
        {
        }

        public IDisposable Subscribe(long? threadId, Func<ChatEvent, Task> handler) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
