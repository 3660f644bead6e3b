using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.ReadState;

/// <summary>Read positions: receipts move them forward only; "mark as unread" moves them back on purpose.</summary>
public sealed class ReadStateServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private InboxService Inbox => factory.Inbox;

    private MessageService Messages => factory.Messages;

    private ReadStateService ReadState => factory.ReadState;

    private ThreadService Threads => factory.Threads;

    [Fact]
    public async Task MarkUnreadFromAsync_ReadThread_CursorBeforeThatMessageAndCountBack()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Mark unread from here");
        var ids = await PostAllAsync(colleague, threadId, "One", "Two", "Three", "Four");
        await ReadState.MarkAsync(agent, threadId, ids[^1], MessageStatus.Read);
        var readChanges = Watch<ReadStateChanged>(threadId);

        var state = await ReadState.MarkUnreadFromAsync(agent, ids[2]);

        state.Should().Be(new ReadStateView(threadId, ids[1], UnreadCount: 2));
        (await CursorAsync(agent, threadId)).Should().Be(ids[1]);
        (await UnreadAsync(agent, threadId)).Should().Be(2);
        (await readChanges.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be(new ReadStateChanged(threadId, agent.UserId, ids[1]));
        var statuses = (await Messages.GetHistoryAsync(colleague, threadId, null, null)).Messages.Select(m => m.Status);
        statuses.Should().OnlyContain(s => s == MessageStatus.Read, "they were seen; unread again is the reader's own reminder");
    }

    [Fact]
    public async Task MarkThreadUnreadAsync_LastMessageIsMine_LastFromOthersBecomesUnread()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Thread unread");
        var ids = await PostAllAsync(colleague, threadId, "Question one", "Question two");
        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "On it"));

        var state = await ReadState.MarkThreadUnreadAsync(agent, threadId);

        state.UnreadCount.Should().Be(1, "the badge shows again, for the last message someone else sent");
        state.LastReadMessageId.Should().Be(ids[0]);
        (await UnreadAsync(agent, threadId)).Should().Be(1);
    }

    [Fact]
    public async Task MarkThreadUnreadAsync_NothingFromOthers_ValidationErrorAndCursorKept()
    {
        var (agent, _, threadId) = await ThreadAsync("Only mine");
        var mine = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Hello?"))).Message;

        var act = () => ReadState.MarkThreadUnreadAsync(agent, threadId);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("threadId");
        (await CursorAsync(agent, threadId)).Should().Be(mine.Id);
    }

    [Fact]
    public async Task MarkAsync_AfterMarkUnread_OlderReceiptNeverMovesTheCursorBack()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Forward only");
        var ids = await PostAllAsync(colleague, threadId, "A", "B", "C");
        await ReadState.MarkAsync(agent, threadId, ids[2], MessageStatus.Read);

        await ReadState.MarkAsync(agent, threadId, ids[0], MessageStatus.Read); // a late receipt from a slow circuit
        await ReadState.MarkAsync(agent, threadId, ids[1], MessageStatus.Delivered);

        (await CursorAsync(agent, threadId)).Should().Be(ids[2], "ordinary receipts only move the read position forward");
        (await UnreadAsync(agent, threadId)).Should().Be(0);

        await ReadState.MarkUnreadFromAsync(agent, ids[1]);
        await ReadState.MarkAsync(agent, threadId, ids[0], MessageStatus.Read);
        (await CursorAsync(agent, threadId)).Should().Be(ids[0], "the explicit mark-unread stands against older receipts");
        (await UnreadAsync(agent, threadId)).Should().Be(2);
    }

    [Fact]
    public async Task SetReadPositionAsync_ForwardAndBack_CountsFollowAndPostingReadsEverything()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Either way");
        var ids = await PostAllAsync(colleague, threadId, "1", "2", "3");

        (await ReadState.SetReadPositionAsync(agent, threadId, ids[1])).UnreadCount.Should().Be(1);
        (await Messages.GetHistoryAsync(colleague, threadId, null, null)).Messages.Select(m => m.Status)
            .Should().Equal(MessageStatus.Read, MessageStatus.Read, MessageStatus.Sent);
        (await ReadState.SetReadPositionAsync(agent, threadId, 0)).UnreadCount.Should().Be(3);
        (await ReadState.SetReadPositionAsync(agent, threadId, ids[2])).UnreadCount.Should().Be(0);
        await ReadState.SetReadPositionAsync(agent, threadId, ids[0]);

        await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Answering reads the thread"));

        (await UnreadAsync(agent, threadId)).Should().Be(0);
    }

    [Fact]
    public async Task SetReadPositionAsync_MessageOfAnotherThread_ValidationErrorNothingChanged()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Wrong message");
        var ids = await PostAllAsync(colleague, threadId, "Here");
        var other = await factory.CreateGroupThreadAsync(agent, "Elsewhere", colleague);
        var foreign = (await Messages.PostAsync(colleague, new PostMessageRequest(other, "There"))).Message.Id;

        var act = () => ReadState.SetReadPositionAsync(agent, threadId, foreign);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["lastReadMessageId"]
            .Should().Equal($"Message {foreign} is not in thread {threadId}.");
        (await UnreadAsync(agent, threadId)).Should().Be(1);
        ids.Should().ContainSingle();
    }

    [Fact]
    public async Task UnreadCounts_AfterMarkUnread_InboxFilterAndSearchUseTheCursor()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Counted everywhere");
        var ids = await PostAllAsync(colleague, threadId, "quokkafern first note", "quokkafern second note");
        await ReadState.MarkAsync(agent, threadId, ids[1], MessageStatus.Read);
        var search = factory.Services.GetRequiredService<SearchService>();
        (await Inbox.GetThreadsAsync(agent, InboxQuery.Default with { UnreadOnly = true })).Should().NotContain(t => t.Id == threadId);
        (await search.SearchAsync(agent, "quokkafern is:unread")).Hits.Should().BeEmpty();

        await ReadState.MarkUnreadFromAsync(agent, ids[1]);

        (await Inbox.GetThreadsAsync(agent, InboxQuery.Default with { UnreadOnly = true })).Should().ContainSingle(t => t.Id == threadId)
            .Which.UnreadCount.Should().Be(1);
        (await search.SearchAsync(agent, "quokkafern is:unread")).Hits.Select(h => h.MessageId).Should().Equal(ids[1]);
        (await Threads.GetThreadAsync(agent, threadId)).UnreadCount.Should().Be(1);
    }

    [Fact]
    public async Task GetReadersAsync_ParticipantsWithPositionsAndTimes_LookerOnIncluded()
    {
        var (agent, colleague, threadId) = await ThreadAsync("Seen by");
        var third = await factory.CreateUserAsync("Third Reader", Roles.Agent);
        await Threads.UpdateThreadAsync(agent, threadId, new UpdateThreadRequest(AssigneeId: third.UserId)); // joins the thread
        var supervisor = await factory.CreateUserAsync("Looking Supervisor", Roles.Supervisor);
        var last = (await Messages.PostAsync(agent, new PostMessageRequest(threadId, "Please check"))).Message.Id;
        await ReadState.MarkAsync(colleague, threadId, last, MessageStatus.Read);

        var readers = await ReadState.GetReadersAsync(supervisor, threadId);

        readers.Should().HaveCount(4);
        readers.Single(r => r.UserId == agent.UserId).LastReadMessageId.Should().Be(last, "posting reads up to one's own message");
        var seen = readers.Single(r => r.UserId == colleague.UserId);
        (seen.LastReadMessageId, seen.DisplayName, seen.Participant).Should().Be((last, colleague.DisplayName, true));
        seen.ReadAt.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
        readers.Single(r => r.UserId == third.UserId).Should().Be(new ReaderView(third.UserId, "Third Reader", 0, null, true));
        readers.Single(r => r.UserId == supervisor.UserId).Participant.Should().BeFalse();
    }

    [Fact]
    public async Task ReadStateEndpoints_ThreadNotVisible_NotFound()
    {
        var (_, colleague, threadId) = await ThreadAsync("Hidden read state");
        var outsider = await factory.CreateUserAsync("Outside Agent", Roles.Agent);

        await FluentActions.Awaiting(() => ReadState.SetReadPositionAsync(outsider, threadId, 0)).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => ReadState.MarkThreadUnreadAsync(outsider, threadId)).Should().ThrowAsync<ChatNotFoundException>();
        await FluentActions.Awaiting(() => ReadState.GetReadersAsync(outsider, threadId)).Should().ThrowAsync<ChatNotFoundException>();
        var message = (await Messages.PostAsync(colleague, new PostMessageRequest(threadId, "Not for outsiders"))).Message.Id;
        await FluentActions.Awaiting(() => ReadState.MarkUnreadFromAsync(outsider, message)).Should().ThrowAsync<ChatNotFoundException>();
        (await factory.QueryAsync(db => db.ReadCursors.CountAsync(c => c.UserId == outsider.UserId))).Should().Be(0);
    }

    private TaskCompletionSource<T> Watch<T>(long threadId) where T : ChatEvent
    {
        var seen = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is T match)
                seen.TrySetResult(match);
            return Task.CompletedTask;
        });
        seen.Task.ContinueWith(_ => subscription.Dispose(), TaskScheduler.Default);
        return seen;
    }

    private async Task<List<long>> PostAllAsync(ChatCaller sender, long threadId, params string[] texts)
    {
        var ids = new List<long>();
        foreach (var text in texts)
            ids.Add((await Messages.PostAsync(sender, new PostMessageRequest(threadId, text))).Message.Id);
        return ids;
    }

    private async Task<(ChatCaller Agent, ChatCaller Other, long ThreadId)> ThreadAsync(string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var other = await factory.CreateUserAsync($"Other {title}", Roles.Agent);
        return (agent, other, await factory.CreateGroupThreadAsync(agent, title, other));
    }

    private Task<long> CursorAsync(ChatCaller reader, long threadId) =>
        factory.QueryAsync(db => db.ReadCursors.Where(c => c.ThreadId == threadId && c.UserId == reader.UserId)
            .Select(c => c.LastReadMessageId).SingleAsync());

    private async Task<int> UnreadAsync(ChatCaller reader, long threadId) =>
        (await Inbox.GetThreadsAsync(reader)).Single(t => t.Id == threadId).UnreadCount;
}
