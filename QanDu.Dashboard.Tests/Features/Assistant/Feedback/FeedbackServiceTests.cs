using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>Thumbs on AI messages: one per user, counted, published live, refused for hidden threads and other messages.</summary>
public sealed class FeedbackServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private FeedbackService Feedback => factory.Services.GetRequiredService<FeedbackService>();

    [Fact]
    public async Task RateAsync_UpThenDownThenRemove_OneRatingPerUserCountedAndPublished()
    {
        var (maya, tom, threadId, ai) = await ThreadWithAnswerAsync("Counted");
        var published = new List<AiFeedbackChanged>();
        var allFour = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is AiFeedbackChanged changed)
                lock (published)
                {
                    published.Add(changed);
                    if (published.Count == 4)
                        allFour.TrySetResult();
                }
            return Task.CompletedTask;
        });

        await Feedback.RateAsync(tom, ai.Id, new RateAiMessageRequest(FeedbackRating.Up));
        (await Feedback.RateAsync(maya, ai.Id, new RateAiMessageRequest(FeedbackRating.Up))).Should().Be(new AiFeedbackView(ai.Id, 2, 0, FeedbackRating.Up));
        var down = await Feedback.RateAsync(maya, ai.Id, new RateAiMessageRequest(FeedbackRating.Down, "  It quoted the wrong plan  "));
        var removed = await Feedback.RemoveAsync(tom, ai.Id);

        down.Should().Be(new AiFeedbackView(ai.Id, 1, 1, FeedbackRating.Down, "It quoted the wrong plan"));
        removed.Should().Be(new AiFeedbackView(ai.Id, 0, 1, null));
        (await Feedback.GetAsync(maya, ai.Id)).Should().Be(down with { Up = 0 });
        var rows = await factory.QueryAsync(db => db.AiFeedback.Where(f => f.MessageId == ai.Id).ToListAsync());
        rows.Should().ContainSingle().Which.Should().BeEquivalentTo(new { maya.UserId, Rating = FeedbackRating.Down, Comment = "It quoted the wrong plan" });
        await allFour.Task.WaitAsync(TimeSpan.FromSeconds(10)); // delivered after the commit, on the bus's own time
        lock (published)
            published.Select(p => (p.Up, p.Down, p.Rating)).Should().Equal(
                (1, 0, FeedbackRating.Up), (2, 0, FeedbackRating.Up), (1, 1, FeedbackRating.Down), (0, 1, (FeedbackRating?)null));
    }

    [Fact]
    public async Task RateAsync_ThreadTheCallerCannotSee_NotFoundAndNothingStored()
    {
        var (_, _, _, ai) = await ThreadWithAnswerAsync("Hidden");
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);

        var act = () => Feedback.RateAsync(outsider, ai.Id, new RateAiMessageRequest(FeedbackRating.Up));

        await act.Should().ThrowAsync<ChatNotFoundException>();
        (await factory.QueryAsync(db => db.AiFeedback.CountAsync(f => f.MessageId == ai.Id))).Should().Be(0);
    }

    [Fact]
    public async Task RateAsync_BadRequests_EachNamed()
    {
        var (maya, tom, threadId, ai) = await ThreadWithAnswerAsync("Refused");
        var human = (await factory.Messages.PostAsync(tom, new PostMessageRequest(threadId, "A person wrote this"))).Message;

        var notAi = () => Feedback.RateAsync(maya, human.Id, new RateAiMessageRequest(FeedbackRating.Up));
        var noRating = () => Feedback.RateAsync(maya, ai.Id, new RateAiMessageRequest(null));
        var praiseComment = () => Feedback.RateAsync(maya, ai.Id, new RateAiMessageRequest(FeedbackRating.Up, "great"));
        var longComment = () => Feedback.RateAsync(maya, ai.Id, new RateAiMessageRequest(FeedbackRating.Down, new string('x', 501)));

        (await notAi.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Keys.Should().Equal("messageId");
        (await noRating.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Keys.Should().Equal("rating");
        (await praiseComment.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Keys.Should().Equal("comment");
        (await longComment.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Keys.Should().Equal("comment");
        (await factory.QueryAsync(db => db.AiFeedback.CountAsync(f => f.MessageId == ai.Id || f.MessageId == human.Id))).Should().Be(0);
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, long ThreadId, MessageView Ai)> ThreadWithAnswerAsync(string name)
    {
        var maya = await factory.CreateUserAsync($"Maya {name}", Roles.Agent);
        var tom = await factory.CreateUserAsync($"Tom {name}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, $"Feedback {name}", tom);
        return (maya, tom, threadId, await AiMessages.CreateAsync(factory, threadId, "Refunds take 5 to 7 working days."));
    }
}
