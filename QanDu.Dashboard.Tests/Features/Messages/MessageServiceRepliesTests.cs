using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>Replies: the quote above a reply, the reply count under the original, the chain, and what cannot be replied to.</summary>
public sealed class MessageServiceRepliesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private MessageEditService Edits => factory.Edits;

    private MessageService Messages => factory.Messages;

    [Fact]
    public async Task PostAsync_ReplyToMarkdown_QuoteIsTheSamePlainTextLiveAndFromHistory()
    {
        var (agent, other, threadId) = await ThreadAsync("Markdown quote");
        var original = await PostAsync(other, threadId, "**Refund** for [order 1042](https://example.com/o/1042) is `pending`");

        var live = await PostAsync(agent, threadId, "Checking it now", original.Id);
        var fromHistory = (await Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.Single(m => m.Id == live.Id);

        var expected = new ReplyPreview(original.Id, original.SenderName, "Refund for order 1042 is pending", Deleted: false);
        live.ReplyTo.Should().Be(expected);
        fromHistory.ReplyTo.Should().Be(expected, "history shows the same plain-text quote as the live post");
        (await Messages.GetMessageAsync(other, live.Id)).ReplyTo.Should().Be(expected);
    }

    [Fact]
    public async Task GetHistoryAsync_LongOriginal_QuoteIsShortenedPlainText()
    {
        var (agent, _, threadId) = await ThreadAsync("Long quote");
        var original = await PostAsync(agent, threadId, "# Steps\n\n" + string.Join("\n", Enumerable.Range(1, 60).Select(i => $"- step *{i}* done")));
        var reply = await PostAsync(agent, threadId, "Follow-up", original.Id);

        var quote = (await Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.Single(m => m.Id == reply.Id).ReplyTo!;

        quote.Snippet.Should().StartWith("Steps step 1 done step 2 done").And.EndWith("…");
        quote.Snippet.Length.Should().Be(MessageProjection.PreviewLength);
        quote.Snippet.Should().NotContainAny("*", "#", "- ");
    }

    [Fact]
    public async Task DeleteAsync_Original_RepliesQuoteItAsDeletedAndNewRepliesAreRefused()
    {
        var (agent, other, threadId) = await ThreadAsync("Deleted original");
        var original = await PostAsync(other, threadId, "Card ending 4242");
        var reply = await PostAsync(agent, threadId, "Please don't post card numbers", original.Id);

        await Edits.DeleteAsync(other, original.Id);

        var quote = (await Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.Single(m => m.Id == reply.Id).ReplyTo;
        quote.Should().Be(new ReplyPreview(original.Id, original.SenderName, "", Deleted: true), "the deleted text never shows in a quote");
        var refused = () => PostAsync(agent, threadId, "Another reply", original.Id);
        (await refused.Should().ThrowAsync<ChatValidationException>())
            .Which.Errors["replyToId"].Should().ContainSingle().Which.Should().Contain("was deleted");
    }

    [Fact]
    public async Task PostAsync_ReplyToMessageOfAnotherThreadOrMissing_RefusedAndNothingStored()
    {
        var (agent, other, threadId) = await ThreadAsync("Cross thread");
        var elsewhere = await factory.CreateGroupThreadAsync(agent, "Elsewhere", other);
        var foreign = await PostAsync(other, elsewhere, "In the other thread");
        var before = await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId));

        var crossThread = () => PostAsync(agent, threadId, "Quoting across threads", foreign.Id);
        var missing = () => PostAsync(agent, threadId, "Quoting nothing", long.MaxValue);

        (await crossThread.Should().ThrowAsync<ChatValidationException>())
            .Which.Errors["replyToId"].Should().ContainSingle().Which.Should().Be($"Message {foreign.Id} is not in thread {threadId}, so a reply here cannot quote it.");
        (await missing.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("replyToId");
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId))).Should().Be(before);
    }

    [Fact]
    public async Task ReplyCount_RepliesPostedAndDeleted_CountsLiveReplies()
    {
        var (agent, other, threadId) = await ThreadAsync("Reply count");
        var original = await PostAsync(other, threadId, "Which plan?");
        var first = await PostAsync(agent, threadId, "Team", original.Id);
        await PostAsync(other, threadId, "Business", original.Id);
        await PostAsync(agent, threadId, "Unrelated");

        var counts = (await Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.ToDictionary(m => m.Content, m => m.ReplyCount);
        counts.Should().Equal(new Dictionary<string, int> { ["Which plan?"] = 2, ["Team"] = 0, ["Business"] = 0, ["Unrelated"] = 0 });

        await Edits.DeleteAsync(agent, first.Id);
        (await Messages.GetMessageAsync(other, original.Id)).ReplyCount.Should().Be(1, "a deleted reply no longer counts");
    }

    [Fact]
    public async Task GetRepliesAsync_ManyReplies_OriginalAndRepliesInOrderWithLimit()
    {
        var (agent, other, threadId) = await ThreadAsync("Chain");
        var original = await PostAsync(other, threadId, "Is the **outage** over?");
        for (var i = 1; i <= 5; i++)
        {
            await PostAsync(i % 2 == 0 ? other : agent, threadId, $"Reply {i}", original.Id);
            await PostAsync(agent, threadId, $"Not a reply {i}");
        }

        var chain = await Messages.GetRepliesAsync(other, original.Id);
        var firstThree = await Messages.GetRepliesAsync(other, original.Id, limit: 3);

        chain.Original.Should().BeEquivalentTo(new { original.Id, ReplyCount = 5 });
        chain.Replies.Select(r => r.Content).Should().Equal("Reply 1", "Reply 2", "Reply 3", "Reply 4", "Reply 5");
        chain.Replies.Should().OnlyContain(r => r.ReplyTo!.Snippet == "Is the outage over?");
        (chain.Total, chain.HasMore).Should().Be((5, false));
        firstThree.Replies.Select(r => r.Content).Should().Equal("Reply 1", "Reply 2", "Reply 3");
        (firstThree.Total, firstThree.HasMore).Should().Be((5, true));
    }

    [Fact]
    public async Task GetRepliesAsync_ThreadTheCallerCannotSee_NotFound()
    {
        var (agent, other, threadId) = await ThreadAsync("Hidden chain");
        var original = await PostAsync(other, threadId, "Private");
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);

        var read = () => Messages.GetRepliesAsync(outsider, original.Id);

        await read.Should().ThrowAsync<ChatNotFoundException>();
        (await Messages.GetRepliesAsync(agent, original.Id)).Replies.Should().BeEmpty();
    }

    [Fact]
    public async Task PostAsync_Reply_PublishedWithItsQuote()
    {
        var (agent, other, threadId) = await ThreadAsync("Published reply");
        var original = await PostAsync(other, threadId, "_Hello_ there");
        var posted = new TaskCompletionSource<MessagePosted>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is MessagePosted { Message.ReplyToId: not null } p)
                posted.TrySetResult(p);
            return Task.CompletedTask;
        });

        await PostAsync(agent, threadId, "Hi", original.Id);

        var published = await posted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        published.Message.ReplyTo.Should().Be(new QuoteSnapshot(original.Id, original.SenderName, "Hello there", Deleted: false));
    }

    private async Task<MessageView> PostAsync(ChatCaller sender, long threadId, string text, long? replyTo = null) =>
        (await Messages.PostAsync(sender, new PostMessageRequest(threadId, text, Guid.NewGuid().ToString("N"), replyTo))).Message;

    private async Task<(ChatCaller Agent, ChatCaller Other, long ThreadId)> ThreadAsync(string title)
    {
        var agent = await factory.CreateUserAsync($"Agent {title}", Roles.Agent);
        var other = await factory.CreateUserAsync($"Other {title}", Roles.Agent);
        return (agent, other, await factory.CreateGroupThreadAsync(agent, title, other));
    }
}
