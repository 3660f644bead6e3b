using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>The single writer: a retried post never doubles a message, and concurrent posts share commits.</summary>
public sealed class MessageWriterTests(DashboardFactory factory, ITestOutputHelper output) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task WriteAsync_FiftyConcurrentPostsWithOneClientKey_StoresOneMessage()
    {
        var agent = await factory.CreateUserAsync("Agent Idem", Roles.Agent);
        var customer = await factory.CreateUserAsync("Customer Idem", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, "Double-click", customer);
        var request = new PostMessageRequest(threadId, "Your refund is on its way.", ClientKey: "send-once");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => factory.Messages.PostAsync(agent, request))));

        outcomes.Select(o => o.Message.Id).Distinct().Should().ContainSingle("every retry answers with the one stored message");
        outcomes.Count(o => o.Created).Should().Be(1, "only the first post creates the message");
        (await CountAsync(factory, threadId, "send-once")).Should().Be(1);
    }

    [Fact]
    public async Task WriteAsync_SameClientKeyAfterRestart_ReturnsStoredMessage()
    {
        using var folder = new TempDataFolder();
        long threadId, firstId;
        ChatCaller agent;
        await using (var first = DashboardFactory.OnFolder(folder))
        {
            agent = await first.CreateUserAsync("Agent Restart", Roles.Agent);
            var other = await first.CreateUserAsync("Other Restart", Roles.Agent);
            threadId = await first.CreateGroupThreadAsync(agent, "Across restarts", other);
            var outcome = await first.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Sent before the restart", "retry-me"));
            outcome.Created.Should().BeTrue();
            firstId = outcome.Message.Id;
        }

        await using var second = DashboardFactory.OnFolder(folder);
        var retry = await second.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Sent before the restart", "retry-me"));

        retry.Created.Should().BeFalse("the message was committed before the restart");
        retry.Message.Id.Should().Be(firstId);
        retry.Message.Content.Should().Be("Sent before the restart");
        (await CountAsync(second, threadId, "retry-me")).Should().Be(1);
    }

    [Fact]
    public async Task WriteAsync_ThousandConcurrentPosts_AllStoredInFewerCommits()
    {
        var senders = new List<ChatCaller>();
        for (var i = 0; i < 4; i++)
            senders.Add(await factory.CreateUserAsync($"Load Agent {i}", Roles.Agent));
        var threads = new[]
        {
            await factory.CreateGroupThreadAsync(senders[0], "Load A", senders[1], senders[2], senders[3]),
            await factory.CreateGroupThreadAsync(senders[1], "Load B", senders[0], senders[2], senders[3]),
            await factory.CreateGroupThreadAsync(senders[2], "Load C", senders[0], senders[1], senders[3]),
        };
        var writer = factory.Writer;
        var commitsBefore = writer.CommitCount;
        var writtenBefore = writer.MessagesWritten;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => Task.Run(() =>
            factory.Messages.PostAsync(senders[i % senders.Count], new PostMessageRequest(threads[i % threads.Length], $"Load message {i}", $"load-{i}")))));

        var commits = writer.CommitCount - commitsBefore;
        output.WriteLine($"1,000 concurrent posts: {commits} commits, {writer.MessagesWritten - writtenBefore} messages written");
        outcomes.Should().OnlyContain(o => o.Created && o.Message.Id > 0, "every post is acknowledged as sent");
        outcomes.Select(o => o.Message.Id).Distinct().Should().HaveCount(1_000);
        var stored = await factory.QueryAsync(db => db.Messages.CountAsync(m => threads.Contains(m.ThreadId)));
        stored.Should().Be(1_000);
        commits.Should().BeLessThan(1_000, "waiting posts are committed together");
    }

    [Fact]
    public async Task WriteAsync_OutsiderAndMissingThreadInOneBatch_OnlyThoseFailWithNotFound()
    {
        // Plain posts are checked for visibility by the writer, for a whole batch at once: a post the caller may not
        // make fails alone, as the check before queueing did, and the others in its commit are stored.
        var agent = await factory.CreateUserAsync("Batch Agent", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Batch Colleague", Roles.Agent);
        var outsider = await factory.CreateUserAsync("Batch Outsider", Roles.Agent);
        var supervisor = await factory.CreateUserAsync("Batch Supervisor", Roles.Supervisor);
        var threadId = await factory.CreateGroupThreadAsync(agent, "Batch visibility", colleague);

        var allowed = Enumerable.Range(0, 30)
            .Select(i => Task.Run(() => factory.Messages.PostAsync(i % 3 == 0 ? supervisor : agent, new PostMessageRequest(threadId, $"Allowed {i}"))))
            .ToList();
        var outsiderPost = Task.Run(() => factory.Messages.PostAsync(outsider, new PostMessageRequest(threadId, "Let me in")));
        var missingThread = Task.Run(() => factory.Messages.PostAsync(supervisor, new PostMessageRequest(threadId + 10_000, "Nobody home")));

        await Task.WhenAll(allowed);
        (await outsiderPost.Invoking(async t => await t).Should().ThrowAsync<ChatNotFoundException>())
            .Which.What.Should().Be($"Thread {threadId}");
        (await missingThread.Invoking(async t => await t).Should().ThrowAsync<ChatNotFoundException>())
            .Which.What.Should().Be($"Thread {threadId + 10_000}");
        var stored = await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == threadId).Select(m => m.Content).ToListAsync());
        stored.Should().HaveCount(30).And.NotContain("Let me in");
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Content == "Nobody home"))).Should().Be(0);
    }

    [Fact]
    public async Task WriteAsync_RepliesInManyThreadsAtOnce_EachTurnsOnlyOthersEarlierMessagesRead()
    {
        // The writer marks what each poster answered as read with one statement for its whole batch.
        var asker = await factory.CreateUserAsync("Batch Asker", Roles.Agent);
        var answerer = await factory.CreateUserAsync("Batch Answerer", Roles.Agent);
        var threads = new List<long>();
        for (var i = 0; i < 6; i++)
            threads.Add(await factory.CreateGroupThreadAsync(asker, $"Batch read {i}", answerer));
        var questions = new List<long>();
        foreach (var thread in threads.Take(5))
            questions.Add((await factory.Messages.PostAsync(asker, new PostMessageRequest(thread, "Could you check this?"))).Message.Id);
        var ownEarlier = (await factory.Messages.PostAsync(answerer, new PostMessageRequest(threads[5], "A note to self first"))).Message.Id;
        var receipts = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        var subscriptions = threads.Select(t => factory.Services.GetRequiredService<QanDu.Dashboard.Realtime.IChatEvents>().Subscribe(t, e =>
        {
            if (e is QanDu.Dashboard.Realtime.MessagesStatusChanged { Status: MessageStatus.Read } changed)
                receipts[changed.ThreadId] = changed.ExceptSenderId;
            return Task.CompletedTask;
        })).ToList();

        var answers = await Task.WhenAll(threads.Select(t => Task.Run(() => factory.Messages.PostAsync(answerer, new PostMessageRequest(t, "Checked, all good.")))));

        var statuses = await factory.QueryAsync(db => db.Messages.Where(m => threads.Contains(m.ThreadId)).ToDictionaryAsync(m => m.Id, m => m.Status));
        questions.Should().AllSatisfy(id => statuses[id].Should().Be(MessageStatus.Read, "the answer means the question was read"));
        statuses[ownEarlier].Should().Be(MessageStatus.Sent, "posting does not mark your own messages read");
        answers.Should().AllSatisfy(a => statuses[a.Message.Id].Should().Be(MessageStatus.Sent, "nobody has read the answers yet"));
        await WaitUntilAsync(() => receipts.Count >= 5);
        receipts.Keys.Should().BeEquivalentTo(threads.Take(5), "a receipt goes out where something turned read, and only there");
        receipts.Values.Should().AllBe(answerer.UserId);
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task WriteAsync_OneBadPostInABatch_OthersCommittedAndAcknowledgedBadOneFailsAlone()
    {
        // A post whose insert the database refuses (its sender does not exist: a foreign key) fails its whole batch; the
        // writer then commits the batch's posts one by one, so only the bad one fails.
        var agent = await factory.CreateUserAsync("Fallback Agent", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Fallback Colleague", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, "Fallback batch", colleague);
        Task<PostOutcome> bad;
        List<Task<PostOutcome>> good;
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "qandu.db")}"))
        {
            // Another writer holds the database: the writer's first batch waits, and everything posted meanwhile queues
            // up and is committed together in the next batch.
            await blocker.OpenAsync();
            using var hold = blocker.BeginTransaction(deferred: false);
            var first = factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Before the batch", "fallback-0"));
            await Task.Delay(300);
            good = [first, .. Enumerable.Range(1, 10).Select(i =>
                factory.Messages.PostAsync(i % 2 == 0 ? agent : colleague, new PostMessageRequest(threadId, $"Good {i}", $"fallback-{i}")))];
            bad = factory.Writer.WriteAsync(new Message
            {
                ThreadId = threadId, Content = "From nobody", SenderId = "no-such-user", SenderName = "Ghost",
                SenderType = SenderType.User, ClientKey = "fallback-bad",
            }, CancellationToken.None);
            good.AddRange(Enumerable.Range(11, 10).Select(i =>
                factory.Messages.PostAsync(i % 2 == 0 ? agent : colleague, new PostMessageRequest(threadId, $"Good {i}", $"fallback-{i}"))));
            await Task.Delay(100);
            hold.Rollback();
        }

        var outcomes = await Task.WhenAll(good).WaitAsync(TimeSpan.FromSeconds(30));
        outcomes.Should().OnlyContain(o => o.Created && o.Message.Id > 0, "every good post is stored and acknowledged");
        (await bad.Invoking(async t => await t).Should().ThrowAsync<DbUpdateException>())
            .Which.InnerException!.Message.Should().Contain("FOREIGN KEY");
        var stored = await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == threadId).Select(m => m.Content).ToListAsync());
        stored.Should().HaveCount(21).And.NotContain("From nobody");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 5_000; waited += 20)
            await Task.Delay(20);
    }

    private static Task<int> CountAsync(DashboardFactory factory, long threadId, string clientKey) =>
        factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.ClientKey == clientKey));
}
