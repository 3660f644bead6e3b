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

    [Fact]
    public async Task GetForThreadAsync_SeveralAnswers_CountsAndOwnRatingOfEachAndNothingElse()
    {
        var (maya, tom, threadId, first) = await ThreadWithAnswerAsync("Many");
        var second = await AiMessages.CreateAsync(factory, threadId, "Your plan renews on the 1st.");
        var unrated = await AiMessages.CreateAsync(factory, threadId, "Anything else?");
        var human = (await factory.Messages.PostAsync(tom, new PostMessageRequest(threadId, "A person wrote this"))).Message;
        var (_, _, _, elsewhere) = await ThreadWithAnswerAsync("Elsewhere");
        await Feedback.RateAsync(tom, first.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await Feedback.RateAsync(maya, first.Id, new RateAiMessageRequest(FeedbackRating.Down, "Too vague"));
        await Feedback.RateAsync(maya, second.Id, new RateAiMessageRequest(FeedbackRating.Up));

        var views = await Feedback.GetForThreadAsync(maya, threadId, [first.Id, second.Id, unrated.Id, human.Id, elsewhere.Id]);

        views.Should().BeEquivalentTo(new Dictionary<long, AiFeedbackView>
        {
            [first.Id] = new(first.Id, 1, 1, FeedbackRating.Down, "Too vague"),
            [second.Id] = new(second.Id, 1, 0, FeedbackRating.Up),
            [unrated.Id] = new(unrated.Id, 0, 0, null),
        }, "a person's message and another thread's answer are left out");
        views[first.Id].Should().Be(await Feedback.GetAsync(maya, first.Id), "the same as reading them one by one");
        (await Feedback.GetForThreadAsync(tom, threadId, [first.Id]))[first.Id].Should().Be(new AiFeedbackView(first.Id, 1, 1, FeedbackRating.Up));
    }

    [Fact]
    public async Task GetForThreadAsync_ThreadTheCallerCannotSee_NotFound()
    {
        var (_, _, threadId, ai) = await ThreadWithAnswerAsync("Hidden many");
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);

        var act = () => Feedback.GetForThreadAsync(outsider, threadId, [ai.Id]);

        await act.Should().ThrowAsync<ChatNotFoundException>();
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, long ThreadId, MessageView Ai)> ThreadWithAnswerAsync(string name)
    {
        var maya = await factory.CreateUserAsync($"Maya {name}", Roles.Agent);
        var tom = await factory.CreateUserAsync($"Tom {name}", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(maya, $"Feedback {name}", tom);
        return (maya, tom, threadId, await AiMessages.CreateAsync(factory, threadId, "Refunds take 5 to 7 working days."));
    }
}
