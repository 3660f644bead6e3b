using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Inbox;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Tests.Features.Inbox;

/// <summary>Read state and quotes: "New messages", "Seen by", read receipts, mark unread, and quotes that follow their original.</summary>
public sealed partial class ThreadTimelineTests
{
    [Fact]
    public void PlaceDivider_OpenedWithUnread_AboveTheFirstUnreadFromSomeoneElseOnce()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2), Message(3, Maya.UserId), Message(4, deleted: true), Message(5), Message(6)));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 2), Reader(Tom, 6)]);

        _timeline.PlaceDivider().Should().BeTrue();
        _timeline.DividerBefore.Should().Be(5, "the agent's own and deleted messages are not unread");

        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Maya.UserId, 6), Start);
        _timeline.ReadersLoaded([Reader(Maya.UserId, 6)]); // a resync reads the readers again
        _timeline.PlaceDivider().Should().BeFalse("it is placed once per opening");
        _timeline.DividerBefore.Should().Be(5, "it stays where the agent left off while the messages are read");
    }

    [Fact]
    public void PlaceDivider_NothingUnread_NoDivider()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2, Maya.UserId)));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 1)]);

        _timeline.DividerWantsOlderPage.Should().BeFalse();
        _timeline.PlaceDivider().Should().BeFalse();
        _timeline.DividerBefore.Should().BeNull();
    }

    [Fact]
    public void DividerWantsOlderPage_LeftOffBeforeTheLoadedPage_UntilReachedOrPlaced()
    {
        _timeline.ShowLatest(new MessagePage([Message(5), Message(6)], HasOlder: true, OlderCursor: 5));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 2)]);
        _timeline.DividerWantsOlderPage.Should().BeTrue();

        _timeline.AddOlder(new MessagePage([Message(2), Message(3), Message(4)], HasOlder: true, OlderCursor: 2));

        _timeline.DividerWantsOlderPage.Should().BeFalse("where the agent left off is loaded now");
        _timeline.PlaceDivider().Should().BeTrue();
        _timeline.DividerBefore.Should().Be(3);
        new ThreadTimeline(ThreadId, Maya).DividerWantsOlderPage.Should().BeFalse("an empty thread has nothing unread");
    }

    [Fact]
    public void ApplyReadState_AgentMarksUnreadFurtherBack_DividerMovesThere()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2), Message(3)));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 3)]);
        _timeline.PlaceDivider().Should().BeFalse();

        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Maya.UserId, 1), Start);

        _timeline.DividerBefore.Should().Be(2);
        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Maya.UserId, 3), Start);
        _timeline.DividerBefore.Should().Be(2, "reading on does not move it");
    }

    [Fact]
    public void ApplyReadState_OthersRead_SeenByFollowsWithTheTimeOnlyWhenMovingForward()
    {
        var earlier = Start.AddMinutes(-10);
        _timeline.ShowLatest(Page(Message(1, Maya.UserId), Message(2, Maya.UserId)));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 2), Reader(Tom, 1, earlier)]);

        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Tom, 2), Start);
        _timeline.Readers.Single(r => r.UserId == Tom).Should().BeEquivalentTo(new { LastReadMessageId = 2L, ReadAt = Start });
        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Tom, 1), Start.AddMinutes(1));

        _timeline.Readers.Single(r => r.UserId == Tom).Should().BeEquivalentTo(new { LastReadMessageId = 1L, ReadAt = Start },
            "marking unread keeps when it was read");
        _timeline.DividerBefore.Should().BeNull("someone else's position never moves the agent's divider");
    }

    [Fact]
    public void ParticipantsChanged_ReadersReadAgain_TheAgentsOwnPositionMovesOnlyByItsEvents()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2), Message(3)));
        _timeline.ReadersLoaded([Reader(Maya.UserId, 3)]);

        _timeline.ParticipantsChanged([Reader(Maya.UserId, 1), Reader("lin", 3)]);
        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Maya.UserId, 2), Start);

        _timeline.Readers.Select(r => r.UserId).Should().Equal(Maya.UserId, "lin");
        _timeline.DividerBefore.Should().Be(3, "from 3 back to 2 is a move back");
    }

    [Fact]
    public void NextReadReceipt_AfterMarkUnread_NothingUntilANewerMessageFromSomeoneElse()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2), Message(3, Maya.UserId)));

        _timeline.NextReadReceipt().Should().Be(2, "the agent's own message needs no receipt");
        _timeline.NextReadReceipt().Should().BeNull("it is marked once");
        _timeline.ApplyReadState(new ReadStateChanged(ThreadId, Maya.UserId, 1), Start);
        _timeline.NextReadReceipt().Should().BeNull("the view leaves what the agent marked unread unread");
        _timeline.Posted(Message(4, Maya.UserId));
        _timeline.NextReadReceipt().Should().BeNull();

        _timeline.Posted(Message(5));

        _timeline.NextReadReceipt().Should().Be(5);
    }

    [Fact]
    public void StartReply_DeletedOrUnsentMessage_NoQuote()
    {
        _timeline.StartReply(Message(1, deleted: true)).Should().BeFalse();
        _timeline.StartReply(Message(0)).Should().BeFalse();
        _timeline.ReplyTo.Should().BeNull();

        _timeline.StartReply(Message(2, content: "Refund **sent**")).Should().BeTrue();
        _timeline.ReplyTo.Should().Be(new ReplyPreview(2, "Tom Okafor", "Refund sent"));
        _timeline.CancelReply();
        _timeline.ReplyTo.Should().BeNull();
    }

    [Fact]
    public void RefreshQuotes_OriginalEdited_QuotesAboveRepliesAndInTheComposerFollow()
    {
        _timeline.ShowLatest(Page(Message(1), Message(2, Maya.UserId, replyTo: 1), Message(3, replyTo: 2)));
        _timeline.StartReply(_timeline.Messages[0]);

        var dropped = _timeline.RefreshQuotes(Message(1, content: "Card *ending* 42") with { EditedAt = Start });

        dropped.Should().BeFalse();
        _timeline.Messages[1].ReplyTo.Should().Be(new ReplyPreview(1, "Tom Okafor", "Card ending 42"));
        _timeline.Messages[2].ReplyTo!.Snippet.Should().Be("Message 2", "only quotes of that original change");
        _timeline.ReplyTo.Should().Be(new ReplyPreview(1, "Tom Okafor", "Card ending 42"));
    }

    [Fact]
    public void RefreshQuotes_OriginalDeleted_QuotesSayDeletedAndTheComposerQuoteGoes()
    {
        _timeline.ShowLatest(Page(Message(1, content: "Card 4242"), Message(2, Maya.UserId, replyTo: 1)));
        _timeline.StartReply(_timeline.Messages[0]);

        var dropped = _timeline.RefreshQuotes(Message(1, content: "Card 4242", deleted: true));

        dropped.Should().BeTrue("the agent is told the message they were replying to went");
        _timeline.Messages[1].ReplyTo.Should().Be(new ReplyPreview(1, "Tom Okafor", "", Deleted: true));
        _timeline.ReplyTo.Should().BeNull();
    }

    [Fact]
    public void ShowsOriginalOf_ReplyToALoadedMessage_ItsCountIsToBeReadBack()
    {
        _timeline.ShowLatest(Page(Message(5), Message(6)));

        _timeline.ShowsOriginalOf(Message(7, replyTo: 5)).Should().BeTrue();
        _timeline.ShowsOriginalOf(Message(8, replyTo: 2)).Should().BeFalse();
        _timeline.ShowsOriginalOf(Message(9)).Should().BeFalse();
    }

    private static MessagePage Page(params MessageView[] messages) => new(messages, HasOlder: false, OlderCursor: null);

    private static ReaderView Reader(string userId, long lastRead, DateTime? at = null) =>
        new(userId, userId == Tom ? "Tom Okafor" : userId, lastRead, at, Participant: true);
}
