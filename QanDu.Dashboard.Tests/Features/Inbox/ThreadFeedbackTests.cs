using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Inbox;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Tests.Features.Inbox;

/// <summary>The thumbs under the assistant's replies: read once for all of them, kept by message, read again after a retry.</summary>
public sealed class ThreadFeedbackTests
{
    private readonly ThreadFeedback _feedback = new();

    [Fact]
    public void TakeToRead_APage_OnlyFinishedRepliesOfTheAssistantAndEachOnce()
    {
        MessageView[] page = [Reply(1), Person(2), Reply(3, MessageStatus.Sending), Reply(4, MessageStatus.Failed), Reply(5) with { Deleted = true }, Reply(6)];

        _feedback.TakeToRead(page).Should().Equal(1, 6);
        _feedback.TakeToRead(page).Should().BeEmpty("they are being read already");
        _feedback.For(1).Should().BeNull("nothing is shown until read");
    }

    [Fact]
    public void Read_AnsweredForSome_ShownByMessageAndTheRestWithoutCounts()
    {
        var ids = _feedback.TakeToRead([Reply(1), Reply(2)]);

        _feedback.Read(ids, new Dictionary<long, AiFeedbackView> { [1] = new(1, 2, 0, FeedbackRating.Up) });

        _feedback.For(1).Should().Be(new AiFeedbackView(1, 2, 0, FeedbackRating.Up));
        _feedback.For(2).Should().BeNull();
        _feedback.Tracks(2).Should().BeTrue();
    }

    [Fact]
    public void Changed_SomeoneRated_ReplacesWhatIsShownOnlyForTrackedReplies()
    {
        _feedback.Read(_feedback.TakeToRead([Reply(1)]), new Dictionary<long, AiFeedbackView> { [1] = new(1, 0, 0, null) });

        _feedback.Changed(1, new AiFeedbackView(1, 1, 0, null));
        _feedback.Changed(9, new AiFeedbackView(9, 1, 0, null));

        _feedback.For(1).Should().Be(new AiFeedbackView(1, 1, 0, null));
        _feedback.Tracks(9).Should().BeFalse("a rating of a reply not shown is not read back");
        _feedback.For(9).Should().BeNull();
    }

    [Fact]
    public void TakeToRead_ReplyWrittenAgainAfterRetry_ReadAgainOnceFinished()
    {
        _feedback.Read(_feedback.TakeToRead([Reply(1)]), new Dictionary<long, AiFeedbackView> { [1] = new(1, 0, 1, FeedbackRating.Down) });

        _feedback.TakeToRead([Reply(1, MessageStatus.Sending)]).Should().BeEmpty();
        _feedback.Tracks(1).Should().BeFalse();

        _feedback.TakeToRead([Reply(1)]).Should().Equal(1);
    }

    [Fact]
    public void Read_ReplyForgottenWhileItWasRead_TheLateAnswerIsDropped()
    {
        var ids = _feedback.TakeToRead([Reply(1)]);
        _feedback.TakeToRead([Reply(1, MessageStatus.Sending)]);

        _feedback.Read(ids, new Dictionary<long, AiFeedbackView> { [1] = new(1, 3, 0, null) });

        _feedback.Tracks(1).Should().BeFalse();
        _feedback.TakeToRead([Reply(1)]).Should().Equal(1);
    }

    private static MessageView Reply(long id, MessageStatus status = MessageStatus.Sent) => Person(id, status) with
    {
        SenderType = SenderType.Ai, SenderId = null, SenderName = "QanDu Assistant",
    };

    private static MessageView Person(long id, MessageStatus status = MessageStatus.Sent) =>
        new(id, 7, $"Message {id}", MessageType.Text, "tom", "Tom Okafor", SenderType.User, DateTime.UnixEpoch, status,
            null, null, null, false, null, null, []);
}
