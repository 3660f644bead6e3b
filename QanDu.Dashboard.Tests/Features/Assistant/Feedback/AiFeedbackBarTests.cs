using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>
/// The thumbs under an AI message in the open thread: a colleague's rating shows live (the thread hears it and reads it
/// back), mine toggles, a thumbs down asks what was wrong.
/// </summary>
public sealed class AiFeedbackBarTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Thumbs_ColleagueRatesThenIToggleAndComment_CountsLiveAndCommentStored()
    {
        var maya = await App.CreateUserAsync("Maya Bar", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Bar", Roles.Agent);
        var threadId = await App.CreateGroupThreadAsync(maya, "Feedback bar", tom);
        var ai = await AiMessages.CreateAsync(App, threadId, "Your invoice is under Billing.");
        var feedback = App.Services.GetRequiredService<FeedbackService>();
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-up]").HasAttribute("disabled").Should().BeFalse(), Live);

        await feedback.RateAsync(tom, ai.Id, new RateAiMessageRequest(FeedbackRating.Up));
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("1"), Live);
        view.Find("[data-testid=feedback-up]").GetAttribute("aria-pressed").Should().Be("false", "the colleague's rating is not mine");

        await view.InvokeAsync(() => view.Find("[data-testid=feedback-up]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("2"), Live);
        view.Find("[data-testid=feedback-up]").GetAttribute("aria-pressed").Should().Be("true");

        await view.InvokeAsync(() => view.Find("[data-testid=feedback-down]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-down-count]").TextContent.Should().Be("1"), Live);
        view.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("1", "my thumbs up became a thumbs down");
        await view.InvokeAsync(() => view.Find("[data-testid=feedback-comment]").Input("It should link the billing page"));
        await view.InvokeAsync(() => view.Find("[data-testid=feedback-comment-form]").SubmitAsync());

        view.WaitForAssertion(() => view.Find("[data-testid=feedback-my-comment]").TextContent.Should().Contain("It should link the billing page"), Live);
        (await feedback.GetAsync(maya, ai.Id)).Should().Be(new AiFeedbackView(ai.Id, 1, 1, FeedbackRating.Down, "It should link the billing page"));

        await view.InvokeAsync(() => view.Find("[data-testid=feedback-down]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-down-count]").TextContent.Should().Be("0"), Live);
        view.Find("[data-testid=feedback-down]").GetAttribute("aria-pressed").Should().Be("false", "clicking my rating again takes it back");
    }

    [Fact]
    public async Task Thumbs_SeveralRatedAnswersWhenOpened_EachShowsItsOwnCountsAndMine()
    {
        var maya = await App.CreateUserAsync("Maya Bar", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Bar", Roles.Agent);
        var threadId = await App.CreateGroupThreadAsync(maya, "Rated answers", tom);
        var first = await AiMessages.CreateAsync(App, threadId, "Refunds take 5 to 7 working days.");
        var second = await AiMessages.CreateAsync(App, threadId, "Your plan renews on the 1st.");
        var feedback = App.Services.GetRequiredService<FeedbackService>();
        await feedback.RateAsync(tom, first.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await feedback.RateAsync(maya, first.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await feedback.RateAsync(tom, second.Id, new RateAiMessageRequest(FeedbackRating.Down));
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));

        view.WaitForAssertion(() =>
        {
            Bar(view, first.Id).QuerySelector("[data-testid=feedback-up-count]")!.TextContent.Should().Be("2");
            Bar(view, first.Id).QuerySelector("[data-testid=feedback-up]")!.GetAttribute("aria-pressed").Should().Be("true");
            Bar(view, second.Id).QuerySelector("[data-testid=feedback-down-count]")!.TextContent.Should().Be("1");
            Bar(view, second.Id).QuerySelector("[data-testid=feedback-down]")!.GetAttribute("aria-pressed").Should().Be("false");
        }, Live);
    }

    [Fact]
    public async Task Thumbs_AnswerFinishesWhileTheThreadIsOpen_ReadyToRateAndLive()
    {
        var maya = await App.CreateUserAsync("Maya Bar", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Bar", Roles.Agent);
        var threadId = await App.CreateGroupThreadAsync(maya, "Answer arrives", tom);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, threadId));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        var ai = await AiMessages.CreateAsync(App, threadId, "Your invoice is under Billing.");
        view.WaitForAssertion(() => view.Find("[data-testid=feedback-up]").HasAttribute("disabled").Should().BeFalse(), Live);
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(tom, ai.Id, new RateAiMessageRequest(FeedbackRating.Down));

        view.WaitForAssertion(() => view.Find("[data-testid=feedback-down-count]").TextContent.Should().Be("1"), Live);
    }

    private static AngleSharp.Dom.IElement Bar(IRenderedComponent<ThreadView> view, long messageId) =>
        view.Find($"[data-message-id='{messageId}'] [data-testid=ai-feedback]");
}
