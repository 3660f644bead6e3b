using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>What an agent sees of a conversation: history, edits, deletions, unread counts and read receipts.</summary>
public sealed class MessageServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private MessageEditService Edits => factory.Edits;

    private InboxService Inbox => factory.Inbox;

    private MessageService Messages => factory.Messages;

    private ReadStateService ReadState => factory.ReadState;

    private ThreadService Threads => factory.Threads;

    [Fact]
    public async Task GetHistoryAsync_PagingBackByCursor_EveryMessageOnceInOrder()
    {
        var (agent, _, threadId) = await ThreadAsync("Long conversation");
        for (var i = 1; i <= 120; i++)
            await Messages.PostAsync(agent, new PostMessageRequest(threadId, $"Message {i}"));

        var newest = await Messages.GetHistoryAsync(agent, threadId, before: null, limit: null);
        var older = await Messages.GetHistoryAsync(agent, threadId, newest.OlderCursor, limit: null);
        var oldest = await Messages.GetHistoryAsync(agent, threadId, older.OlderCursor, limit: null);

        newest.Messages.Should().HaveCount(50, "the first page is the configured page size of newest messages");
        newest.Messages[^1].Content.Should().Be("Message 120");
        (newest.HasOlder, older.HasOlder, oldest.HasOlder).Should().Be((true, true, false));
        oldest.OlderCursor.Should().BeNull();
        var all = oldest.Messages.Concat(older.Messages).Concat(newest.Messages).Select(m => m.Content);
        all.Should().Equal(Enumerable.Range(1, 120).Select(i => $"Message {i}"), "no gaps, no duplicates, oldest first");
    }

    [Fact]
    public async Task EditAsync_NewContent_KeepsPreviousTextAndPublishesUpdate()
    {
        var (agent, _, threadId) = await ThreadAsync("Typo fix");
        var posted = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Teh refund is processed."))).Message;
        var updated = new TaskCompletionSource<MessageUpdated>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            // The edit's update; the analysis of the first version also announces the message (with its chips).
            if (e is MessageUpdated { Message.EditedAt: not null } u)
                updated.TrySetResult(u);
            return Task.CompletedTask;
        });

        var edited = await Edits.EditAsync(agent, posted.Id, "The refund is processed.");

        edited.Content.Should().Be("The refund is processed.");
        edited.EditedAt.Should().NotBeNull("the thread shows the message as edited");
        var history = await factory.QueryAsync(db => db.MessageEdits.Where(e => e.MessageId == posted.Id).ToListAsync());
        history.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { PreviousContent = "Teh refund is processed.", EditedById = agent.UserId });
        var published = await updated.Task.WaitAsync(TimeSpan.FromSeconds(10));
        published.Message.Should().BeEquivalentTo(new { posted.Id, Content = "The refund is processed." });
        (await Messages.GetMessageAsync(agent, posted.Id)).Content.Should().Be("The refund is processed.");
    }

    [Fact]
    public async Task DeleteAsync_OwnMessage_LeavesTombstoneInPlace()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Wrong customer");
        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Before"));
        var mistake = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Card ending 4242, sent to the wrong thread"))).Message;

        var tombstone = await Edits.DeleteAsync(agent, mistake.Id);

        tombstone.Should().BeEquivalentTo(new { mistake.Id, Deleted = true, Content = "" });
        var row = await factory.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == mistake.Id));
        row.Content.Should().BeEmpty("the deleted text is gone from the message itself");
        row.DeletedAt.Should().NotBeNull();
        var page = await Messages.GetHistoryAsync(colleague, threadId, before: null, limit: null);
        page.Messages.Select(m => (m.Content, m.Deleted)).Should().Equal(("Before", false), ("", true));
        (await Threads.GetThreadAsync(colleague, threadId)).LastMessagePreview.Should().Be("Message deleted");
    }

    [Fact]
    public async Task MarkAsync_ReaderMarksRead_UnreadClearedAndSenderSeesRead()
    {
        var (agent, customer, threadId) = await ThreadAsync("Read receipts");
        MessageView last = null!;
        foreach (var text in new[] { "Hello", "Your parcel left the depot.", "Anything else?" })
            last = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, text))).Message;
        (await UnreadAsync(customer, threadId)).Should().Be(3);

        await ReadState.MarkAsync(customer, threadId, last.Id, MessageStatus.Read);

        (await UnreadAsync(customer, threadId)).Should().Be(0);
        var senderView = await Messages.GetHistoryAsync(agent, threadId, before: null, limit: null);
        senderView.Messages.Should().OnlyContain(m => m.Status == MessageStatus.Read);
        (await UnreadAsync(agent, threadId)).Should().Be(0, "your own messages are never unread");
    }

    [Fact]
    public async Task PostAsync_ReplyFromTheOtherParticipant_EarlierMessagesTurnReadAndAReceiptIsPublished()
    {
        var (agent, customer, threadId) = await ThreadAsync("Answered");
        var question = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Which plan are you on?"))).Message;
        var receipt = new TaskCompletionSource<MessagesStatusChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is MessagesStatusChanged { Status: MessageStatus.Read } changed)
                receipt.TrySetResult(changed);
            return Task.CompletedTask;
        });

        var answer = (await Messages.PostAsync(customer, new PostMessageRequest(threadId, "The Team plan."))).Message;

        var history = await Messages.GetHistoryAsync(agent, threadId, before: null, limit: null);
        history.Messages.Single(m => m.Id == question.Id).Status.Should().Be(MessageStatus.Read, "answering it means it was read");
        history.Messages.Single(m => m.Id == answer.Id).Status.Should().Be(MessageStatus.Sent, "nobody has read the answer yet");
        (await receipt.Task.WaitAsync(TimeSpan.FromSeconds(5))).ExceptSenderId.Should().Be(customer.UserId);
        (await UnreadAsync(customer, threadId)).Should().Be(0);
        (await UnreadAsync(agent, threadId)).Should().Be(1);
    }

    [Fact]
    public async Task GetThreadsAsync_NewMessageInOlderThread_ThatThreadListedFirst()
    {
        var (agent, colleague, first) = await ThreadAsync("Started first");
        var second = await factory.CreateGroupThreadAsync(agent, "Started second", colleague);
        await Messages.PostAsync(colleague, new PostMessageRequest(second, "Earlier message"));
        await Messages.PostAsync(colleague, new PostMessageRequest(first, "Newest message"));

        var threads = await Inbox.GetThreadsAsync(agent);

        threads.Select(t => t.Title).Should().Equal("Started first", "Started second");
        threads[0].LastMessagePreview.Should().Be("Newest message");
    }

    private async Task<(ChatCaller Agent, ChatCaller Other, long ThreadId)> ThreadAsync(string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var other = await factory.CreateUserAsync($"Other {title}", Roles.Agent);
        return (agent, other, await factory.CreateGroupThreadAsync(agent, title, other));
    }

    private async Task<int> UnreadAsync(ChatCaller reader, long threadId) =>
        (await Inbox.GetThreadsAsync(reader)).Single(t => t.Id == threadId).UnreadCount;
}
