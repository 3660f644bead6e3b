using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Assistant.Feedback.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>The thumbs under an AI message: a colleague's rating shows live, mine toggles, a thumbs down asks what was wrong.</summary>
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
        var bar = Render<AiFeedbackBar>(p => p.Add(b => b.MessageId, ai.Id).Add(b => b.ThreadId, threadId));
        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-up]").HasAttribute("disabled").Should().BeFalse(), Live);

        await feedback.RateAsync(tom, ai.Id, new RateAiMessageRequest(FeedbackRating.Up));
        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("1"), Live);
        bar.Find("[data-testid=feedback-up]").GetAttribute("aria-pressed").Should().Be("false", "the colleague's rating is not mine");

        bar.Find("[data-testid=feedback-up]").Click();
        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("2"), Live);
        bar.Find("[data-testid=feedback-up]").GetAttribute("aria-pressed").Should().Be("true");

        bar.Find("[data-testid=feedback-down]").Click();
        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-down-count]").TextContent.Should().Be("1"), Live);
        bar.Find("[data-testid=feedback-up-count]").TextContent.Should().Be("1", "my thumbs up became a thumbs down");
        bar.Find("[data-testid=feedback-comment]").Input("It should link the billing page");
        await bar.Find("[data-testid=feedback-comment-form]").SubmitAsync();

        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-my-comment]").TextContent.Should().Contain("It should link the billing page"), Live);
        (await feedback.GetAsync(maya, ai.Id)).Should().Be(new AiFeedbackView(ai.Id, 1, 1, FeedbackRating.Down, "It should link the billing page"));

        bar.Find("[data-testid=feedback-down]").Click();
        bar.WaitForAssertion(() => bar.Find("[data-testid=feedback-down-count]").TextContent.Should().Be("0"), Live);
        bar.Find("[data-testid=feedback-down]").GetAttribute("aria-pressed").Should().Be("false", "clicking my rating again takes it back");
    }
}
