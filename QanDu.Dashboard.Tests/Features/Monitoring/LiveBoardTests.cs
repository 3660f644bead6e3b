using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Monitoring;

/// <summary>
/// The live board as a supervisor sees it, fed by the real services and bus: where a customer conversation sits in the
/// queue as it moves, the risk radar, and one shared state for every subscriber.
/// </summary>
public sealed class LiveBoardTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private LiveBoard Board => factory.Services.GetRequiredService<LiveBoard>();

    [Fact]
    public async Task Conversation_NewThenAnsweredThenCustomerWritesAgain_MovesThroughTheQueue()
    {
        var supervisor = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        await Board.GetAsync(supervisor);

        var chat = await factory.StartAsync("Ada Waiting", "Where is my parcel?");
        var waiting = await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is { State: QueueState.WaitingFirstReply });
        waiting.Queue(QueueState.WaitingFirstReply).Rows.Single(r => r.ThreadId == chat.ThreadId).Customer.Should().Be("Ada Waiting");

        await factory.Messages.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "It is on its way."));
        var answered = await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is { State: QueueState.WaitingOnCustomer });
        answered.Queue(QueueState.WaitingFirstReply).Rows.Should().NotContain(r => r.ThreadId == chat.ThreadId);

        await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "It still has not arrived."));
        var again = await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is { State: QueueState.WaitingNextReply });
        var row = again.Queue(QueueState.WaitingNextReply).Rows.Single(r => r.ThreadId == chat.ThreadId);
        var asked = await factory.QueryAsync(db => Task.FromResult(db.Messages.Where(m => m.ThreadId == chat.ThreadId).Max(m => m.Timestamp)));
        row.Since.Should().Be(asked, "the wait runs from the customer's unanswered message");
    }

    [Fact]
    public async Task Conversation_PendingWithTheAssistant_ShowsUnderWithAssistant()
    {
        var supervisor = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        await Board.GetAsync(supervisor);

        // Announced as the visitor API does; no message yet, so the assistant has nothing to answer and it stays pending.
        var chat = await CustomerConversations.StartAsync(factory.Services, "Bo Assisted", firstMessage: null,
            configure: t => t.Status = ThreadStatus.Pending, announce: true);

        var board = await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is not null);
        Row(board, chat.ThreadId)!.State.Should().Be(QueueState.WithAssistant);
        board.Queue(QueueState.WaitingFirstReply).Rows.Should().NotContain(r => r.ThreadId == chat.ThreadId);
    }

    [Fact]
    public async Task CustomerMessage_StronglyNegative_OnTheRiskRadarWithTheReason()
    {
        var supervisor = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        await Board.GetAsync(supervisor);

        var chat = await factory.StartAsync("Cy Upset", "This is terrible. I am furious, your service is awful and I hate it!");

        var board = await UntilAsync(supervisor, b => b.Risks.Any(r => r.Conversation.ThreadId == chat.ThreadId));
        board.Risks.Single(r => r.Conversation.ThreadId == chat.ThreadId).Reasons
            .Should().Contain(r => r.StartsWith("Strongly negative", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Conversation_Resolved_LeavesTheBoard()
    {
        var supervisor = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        await Board.GetAsync(supervisor);
        var chat = await factory.StartAsync("Di Done", "Thanks, all sorted");
        await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is not null);

        await factory.Threads.UpdateThreadAsync(supervisor, chat.ThreadId,
            new QanDu.Dashboard.Features.Threads.UpdateThreadRequest(Status: ThreadStatus.Archived));

        await UntilAsync(supervisor, b => Row(b, chat.ThreadId) is null);
    }

    [Fact]
    public async Task TwoSubscribers_OneLoad_BothGetTheSameSnapshot()
    {
        var first = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var second = await factory.CreateUserAsync("Ada Admin", Roles.Admin);
        var seenByFirst = new List<BoardSnapshot>();
        var seenBySecond = new List<BoardSnapshot>();
        using var one = await Board.SubscribeAsync(first, s => { lock (seenByFirst) seenByFirst.Add(s); return Task.CompletedTask; });
        using var two = await Board.SubscribeAsync(second, s => { lock (seenBySecond) seenBySecond.Add(s); return Task.CompletedTask; });

        var chat = await factory.StartAsync("Eve Shared", "Hello both of you");
        await UntilAsync(first, b => Row(b, chat.ThreadId) is not null);
        await WaitAsync(() => Snapshots(seenBySecond).Any(s => Row(s, chat.ThreadId) is not null));

        Board.Loads.Should().Be(1, "the board is read from the database once, whoever watches");
        var shared = Snapshots(seenBySecond).First(s => Row(s, chat.ThreadId) is not null);
        Snapshots(seenByFirst).Should().Contain(s => ReferenceEquals(s, shared), "every circuit gets the same snapshot object");
    }

    [Fact]
    public async Task Agent_AsksForTheBoard_Refused()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);

        var act = () => Board.GetAsync(maya);

        await act.Should().ThrowAsync<ChatForbiddenException>().WithMessage("*supervisors and admins*");
    }

    private static BoardConversation? Row(BoardSnapshot board, long threadId) =>
        board.Queues.SelectMany(q => q.Rows).FirstOrDefault(r => r.ThreadId == threadId);

    private static List<BoardSnapshot> Snapshots(List<BoardSnapshot> seen)
    {
        lock (seen)
            return [.. seen];
    }

    private async Task<BoardSnapshot> UntilAsync(ChatCaller caller, Func<BoardSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var board = await Board.GetAsync(caller);
            if (condition(board))
                return board;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The board (version {board.Version}) never met the condition.");
            await Task.Delay(50);
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition was never met.");
            await Task.Delay(50);
        }
    }
}
