using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Inbox;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Tests.Features.Inbox;

/// <summary>The open thread's list rules, on plain values: what the agent sees as pages load and the bus reports changes.</summary>
public sealed partial class ThreadTimelineTests
{
    private const long ThreadId = 7;
    private const string Tom = "tom";
    private static readonly ChatCaller Maya = new("maya", "Maya Chen", SeesAllThreads: false);
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly IReadOnlyList<ReactionView> ThumbsUp = [new("👍", 1, [new ReactorView(Tom, "Tom Okafor")])];
    private readonly ThreadTimeline _timeline = new(ThreadId, Maya);

    [Fact]
    public void Merge_OutOfOrderAndRepeated_OneOfEachInIdOrder()
    {
        _timeline.Merge([Message(3), Message(1)]);
        _timeline.Merge([Message(2), Message(3, content: "read again")]);

        _timeline.Messages.Select(m => m.Id).Should().Equal(1, 2, 3);
        _timeline.Messages[2].Content.Should().Be("read again");
    }

    [Fact]
    public void Merge_ReadOfShownMessage_ReplacesReactionsAndReplyCount()
    {
        _timeline.Merge([Message(1) with { Reactions = ThumbsUp, ReplyCount = 2 }]);

        _timeline.Merge([Message(1) with { ReplyCount = 1 }]);

        _timeline.Messages[0].Should().BeEquivalentTo(new { Reactions = Array.Empty<ReactionView>(), ReplyCount = 1 });
    }

    [Fact]
    public void MergeFromEvent_ShownMessageEdited_NewTextKeepsReactionsAndReplyCount()
    {
        _timeline.Merge([Message(1) with { Reactions = ThumbsUp, ReplyCount = 2 }]);

        _timeline.MergeFromEvent(Message(1, content: "edited") with { EditedAt = Start });

        _timeline.Messages[0].Should().BeEquivalentTo(new { Content = "edited", Reactions = ThumbsUp, ReplyCount = 2 });
    }

    [Theory]
    [InlineData(MessageStatus.Read, MessageStatus.Sent, MessageStatus.Read)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Sent, MessageStatus.Delivered)]
    [InlineData(MessageStatus.Sent, MessageStatus.Read, MessageStatus.Read)]
    [InlineData(MessageStatus.Sending, MessageStatus.Sent, MessageStatus.Sent)]
    [InlineData(MessageStatus.Read, MessageStatus.Failed, MessageStatus.Failed)]
    [InlineData(MessageStatus.Failed, MessageStatus.Sending, MessageStatus.Sending)]
    public void Forward_ReceiptArrivesLate_StatusNeverMovesBack(MessageStatus current, MessageStatus incoming, MessageStatus shown) =>
        ThreadTimeline.Forward(current, incoming).Should().Be(shown);

    [Fact]
    public void MergeFromEvent_LateSentAfterRead_StaysRead()
    {
        _timeline.Merge([Message(1, Maya.UserId, MessageStatus.Read)]);

        _timeline.MergeFromEvent(Message(1, Maya.UserId, MessageStatus.Sent, content: "edited"));

        _timeline.Messages[0].Should().BeEquivalentTo(new { Content = "edited", Status = MessageStatus.Read });
    }

    [Fact]
    public void ShowLatest_AfterOlderPages_ReplacesTheListAndPaging()
    {
        _timeline.ShowLatest(new MessagePage([Message(5), Message(6)], HasOlder: true, OlderCursor: 5));
        _timeline.AddOlder(new MessagePage([Message(3), Message(4)], HasOlder: true, OlderCursor: 3));
        _timeline.Messages.Select(m => m.Id).Should().Equal(3, 4, 5, 6);
        _timeline.OlderCursor.Should().Be(3);

        _timeline.ShowLatest(new MessagePage([Message(6), Message(7)], HasOlder: false, OlderCursor: null));

        _timeline.Messages.Select(m => m.Id).Should().Equal(6, 7);
        _timeline.HasOlder.Should().BeFalse();
        _timeline.OlderCursor.Should().BeNull();
    }

    [Fact]
    public void ApplyStatus_OthersReadUpToAMessage_OnlyThoseSentMessagesMoveForward()
    {
        _timeline.Merge([Message(1, Maya.UserId, MessageStatus.Read), Message(2, Maya.UserId), Message(3, Tom),
            Message(4, Maya.UserId, MessageStatus.Sending), Message(5, Maya.UserId)]);

        var applies = _timeline.ApplyStatus(new MessagesStatusChanged(ThreadId, 4, Tom, MessageStatus.Delivered));

        applies.Should().BeTrue();
        _timeline.Messages.Select(m => (m.Id, m.Status)).Should().Equal((1, MessageStatus.Read), (2, MessageStatus.Delivered),
            (3, MessageStatus.Sent), (4, MessageStatus.Sending), (5, MessageStatus.Sent));
    }

    [Fact]
    public void ApplyStatus_TheAgentsOwnReading_NotForThisView()
    {
        _timeline.Merge([Message(1, Tom)]);

        _timeline.ApplyStatus(new MessagesStatusChanged(ThreadId, 1, Maya.UserId, MessageStatus.Read)).Should().BeFalse();

        _timeline.Messages[0].Status.Should().Be(MessageStatus.Sent);
    }

    [Fact]
    public void ApplyReactions_LoadedAndUnknownMessage_OnlyTheLoadedOneChanges()
    {
        _timeline.Merge([Message(1), Message(2)]);

        _timeline.ApplyReactions(2, ThumbsUp);
        _timeline.ApplyReactions(9, ThumbsUp);

        _timeline.Messages.Select(m => m.Reactions.Count).Should().Equal(0, 1);
        _timeline.Contains(9).Should().BeFalse();
    }

    [Fact]
    public void IsOutsideLoadedRange_UpdateOfOlderMessage_OutUnlessQuotedByALoadedReplyOrTheComposer()
    {
        new ThreadTimeline(ThreadId, Maya).IsOutsideLoadedRange(Message(1)).Should().BeFalse("an empty list takes any message");
        _timeline.ShowLatest(new MessagePage([Message(2)], HasOlder: false, OlderCursor: null));
        _timeline.StartReply(_timeline.Messages[0]).Should().BeTrue();

        _timeline.ShowLatest(new MessagePage([Message(10), Message(11, replyTo: 4)], HasOlder: true, OlderCursor: 10));

        _timeline.IsOutsideLoadedRange(Message(3)).Should().BeTrue("nothing loaded shows it");
        _timeline.IsOutsideLoadedRange(Message(4)).Should().BeFalse("a loaded reply quotes it");
        _timeline.IsOutsideLoadedRange(Message(2)).Should().BeFalse("the composer quotes it");
        _timeline.IsOutsideLoadedRange(Message(12)).Should().BeFalse("newer messages belong to the loaded run");
    }

    [Fact]
    public void IsContinuation_SameSenderWithinFiveMinutes_UnlessAReplyOrAfterADeletedOne()
    {
        var first = Message(1);

        ThreadTimeline.IsContinuation(null, first).Should().BeFalse();
        ThreadTimeline.IsContinuation(first, Message(2, at: Start.AddMinutes(4))).Should().BeTrue();
        ThreadTimeline.IsContinuation(first, Message(2, at: Start.AddMinutes(5))).Should().BeFalse();
        ThreadTimeline.IsContinuation(first, Message(2, Maya.UserId)).Should().BeFalse();
        ThreadTimeline.IsContinuation(first, Message(2, replyTo: 1)).Should().BeFalse();
        ThreadTimeline.IsContinuation(first with { Deleted = true }, Message(2)).Should().BeFalse();
    }

    [Fact]
    public void LastEditableAndLastRepliable_NewestNotDeleted_OwnTextForEditing()
    {
        _timeline.Merge([Message(1, Maya.UserId), Message(2, Maya.UserId), Message(3, Maya.UserId, deleted: true),
            Message(4, Maya.UserId) with { Type = MessageType.System }, Message(5, Tom), Message(6, Tom, deleted: true)]);

        _timeline.LastEditable!.Id.Should().Be(2);
        _timeline.LastRepliable!.Id.Should().Be(5);
        new ThreadTimeline(ThreadId, Maya).LastEditable.Should().BeNull();
    }

    [Fact]
    public void Send_WithAQuote_ShowsSendingReplyAndTheQuoteGoesWithIt()
    {
        _timeline.Merge([Message(1, content: "**Where** is my order?")]);
        _timeline.StartReply(_timeline.Messages[0]);

        var pending = _timeline.Send(new ComposerMessage("  On its way  ", []), Start);

        _timeline.Pending.Should().ContainSingle().Which.Should().BeSameAs(pending);
        pending.View.Should().BeEquivalentTo(new
        {
            Id = 0L, Content = "On its way", SenderId = Maya.UserId, SenderName = "Maya Chen", Status = MessageStatus.Sending,
            ReplyToId = 1L, ClientKey = pending.Key, Timestamp = Start,
        });
        pending.View.ReplyTo!.Snippet.Should().Be("Where is my order?");
        _timeline.ReplyTo.Should().BeNull();
        pending.UploadIds.Should().BeNull();
    }

    [Fact]
    public void Send_WithFiles_PendingCarriesTheirIdsAndShowsThem()
    {
        var file = new PendingUpload("local-1", "invoice.pdf", 2048) { UploadId = "up-1", MimeType = "application/pdf" };

        var pending = _timeline.Send(new ComposerMessage("", [file]), Start);

        pending.UploadIds.Should().Equal("up-1");
        pending.View.Attachments.Should().ContainSingle().Which.Name.Should().Be("invoice.pdf");
    }

    [Fact]
    public void Sent_CommitAcknowledged_StoredMessageTakesThePendingOnesPlace()
    {
        var pending = _timeline.Send(new ComposerMessage("Hello", []), Start);

        _timeline.Sent(pending, Message(4, Maya.UserId, content: "Hello") with { ClientKey = pending.Key });

        _timeline.Pending.Should().BeEmpty();
        _timeline.Messages.Should().ContainSingle().Which.Id.Should().Be(4);
    }

    [Fact]
    public void Posted_OwnMessageHeardBeforeTheAcknowledgement_ReplacesThePendingCopy()
    {
        var mine = _timeline.Send(new ComposerMessage("Hello", []), Start);
        var other = _timeline.Send(new ComposerMessage("Second", []), Start);

        _timeline.Posted(Message(4, Maya.UserId, content: "Hello") with { ClientKey = mine.Key });
        _timeline.Posted(Message(5, Tom) with { ClientKey = other.Key });

        _timeline.Pending.Should().ContainSingle().Which.Should().BeSameAs(other, "only the agent's own post replaces a pending one");
        _timeline.Messages.Select(m => m.Id).Should().Equal(4, 5);
    }

    [Fact]
    public void FailThenRetry_PendingMessage_FailedWithReasonThenSendingAgainWithTheSameKey()
    {
        var pending = _timeline.Send(new ComposerMessage("Hello", []), Start);
        var key = pending.Key;

        pending.Fail("Not sent — the server could not store it.");
        pending.View.Status.Should().Be(MessageStatus.Failed);
        pending.Error.Should().Be("Not sent — the server could not store it.");
        pending.Sending();

        pending.View.Status.Should().Be(MessageStatus.Sending);
        pending.Error.Should().BeNull();
        pending.Key.Should().Be(key);
        _timeline.Discard(pending);
        _timeline.Pending.Should().BeEmpty();
    }

    private static MessageView Message(long id, string sender = Tom, MessageStatus status = MessageStatus.Sent, string? content = null,
        long? replyTo = null, bool deleted = false, DateTime? at = null) =>
        new(id, ThreadId, content ?? $"Message {id}", MessageType.Text, sender, sender == Tom ? "Tom Okafor" : "Maya Chen", SenderType.User,
            at ?? Start, status, replyTo, replyTo is { } original ? new ReplyPreview(original, "Tom Okafor", $"Message {original}") : null,
            null, deleted, null, null, []);
}
