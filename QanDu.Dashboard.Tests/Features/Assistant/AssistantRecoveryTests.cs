using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>A question in an AI thread whose app died right after the commit still gets its reply, or a failed one with Retry.</summary>
public sealed class AssistantRecoveryTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Restart_QuestionCommittedButNoEventHandled_ReplyShownFailedWithRetryThatAnswers()
    {
        ChatCaller agent;
        long threadId, questionId;
        // The question is committed and acknowledged, then the app dies before anything reacted to it: here, a bus
        // that delivers nothing stands for the process killed between the commit and the assistant's start.
        await using (var crashed = DashboardFactory.OnFolder(_folder, testServices: services => services.AddSingleton<IChatEvents, DeafBus>()))
        {
            agent = await crashed.CreateUserAsync("Agent Crash", Roles.Agent);
            threadId = (await crashed.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, "Crash after asking", []))).Id;
            var question = await crashed.Messages.PostAsync(agent, new PostMessageRequest(threadId, "How do I reset my password?"));
            question.Created.Should().BeTrue();
            questionId = question.Message.Id;
        }

        await using var restarted = DashboardFactory.OnFolder(_folder);
        var failed = await WaitForReplyAsync(restarted, threadId, m => m.Status != MessageStatus.Sending);

        failed.Id.Should().BeGreaterThan(questionId, "the reply follows its question");
        failed.Status.Should().Be(MessageStatus.Failed, "the app restarted before the reply was written");
        failed.Metadata!.Ai!.Error.Should().Contain("restarted");
        await restarted.Services.GetRequiredService<AssistantService>().RetryAsync(agent, failed.Id);
        var answered = await WaitForReplyAsync(restarted, threadId, m => m.Status == MessageStatus.Sent);
        answered.Id.Should().Be(failed.Id, "Retry writes into the same message");
        answered.Content.Should().NotBeEmpty();
        (await restarted.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai))).Should().Be(1);
    }

    private static async Task<Message> WaitForReplyAsync(DashboardFactory app, long threadId, Func<Message, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var replies = await app.QueryAsync(db => db.Messages.AsNoTracking()
                .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai).ToListAsync());
            if (replies.FirstOrDefault(done) is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No reply in thread {threadId} reached the expected state within 20 s; found: "
                                           + string.Join(" | ", replies.Select(m => $"{m.Status} '{m.Content}'")));
            await Task.Delay(25);
        }
    }

    /// <summary>A bus that delivers nothing: what a process killed right after the commit gets done.</summary>
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
