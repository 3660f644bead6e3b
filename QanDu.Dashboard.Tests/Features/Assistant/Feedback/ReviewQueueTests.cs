using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Assistant.Feedback.Pages;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>The review queue lists answers rated up (never down) and suggestions sent as is or edited, with their thread; staff only.</summary>
public sealed class ReviewQueueTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    public ReviewQueueTests() => Services.AddSingleton(App.Services.GetRequiredService<ReviewQueue>());

    [Fact]
    public async Task ListAsync_RatingsAndSuggestionOutcomes_OnlyGoodAnswersListedWithTheirThread()
    {
        var (maya, tom, threadId) = await ThreadAsync();
        var feedback = App.Services.GetRequiredService<FeedbackService>();
        var liked = await AiMessages.CreateAsync(App, threadId, "Refunds reach your card in 5 to 7 working days.");
        var disputed = await AiMessages.CreateAsync(App, threadId, "Restart the router.");
        await AiMessages.CreateAsync(App, threadId, "Nobody rated this.");
        await feedback.RateAsync(tom, liked.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await feedback.RateAsync(maya, liked.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await feedback.RateAsync(maya, disputed.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await feedback.RateAsync(tom, disputed.Id, new RateAiMessageRequest(FeedbackRating.Down, "Wrong device"));
        var edited = (await App.Messages.PostAsync(maya, new PostMessageRequest(threadId, "You can export invoices from Billing → History as PDF."))).Message;
        await AddSuggestionsAsync(threadId, maya,
            (SuggestionOutcome.SentAsIs, "Our support hours are 8:00 to 18:00 CET.", null),
            (SuggestionOutcome.Edited, "You can export invoices from Billing.", edited.Id),
            (SuggestionOutcome.Dismissed, "Dismissed text", null),
            (SuggestionOutcome.Shown, "Only shown", null));
        var supervisor = await App.CreateUserAsync("Priya Review", Roles.Supervisor);

        var candidates = await App.Services.GetRequiredService<ReviewQueue>().ListAsync(supervisor);

        candidates.Select(c => (c.Kind, c.Text, c.ThreadId)).Should().BeEquivalentTo(new[]
        {
            (CandidateKind.RatedAnswer, "Refunds reach your card in 5 to 7 working days.", threadId),
            (CandidateKind.SentSuggestion, "Our support hours are 8:00 to 18:00 CET.", threadId),
            (CandidateKind.EditedSuggestion, "You can export invoices from Billing → History as PDF.", threadId),
        });
        candidates.Single(c => c.Kind == CandidateKind.RatedAnswer).Up.Should().Be(2);
    }

    [Fact]
    public async Task Page_Admin_ListsCandidatesWithThreadLinks()
    {
        var (_, tom, threadId) = await ThreadAsync();
        var liked = await AiMessages.CreateAsync(App, threadId, "Reset your password from the sign-in page.");
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(tom, liked.Id, new RateAiMessageRequest(FeedbackRating.Up));
        SignInAs(await App.CreateUserAsync("Alex Review", Roles.Admin));

        var page = Render<KnowledgeReview>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=review-row]").Should().ContainSingle(), Live);
        page.Find("[data-testid=review-row]").TextContent.Should().Contain("Reset your password").And.Contain("👍 1");
        page.Find("[data-testid=review-thread]").GetAttribute("href").Should().Be($"/threads/{threadId}");
    }

    [Fact]
    public async Task ApproveAsync_RatedAnswer_PublishedArticleUsedByRetrievalAndGoneFromTheQueue()
    {
        var (_, tom, threadId) = await ThreadAsync();
        var liked = await AiMessages.CreateAsync(App, threadId, "Quarzite sensors are recalibrated from Settings, Devices, Recalibrate.");
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(tom, liked.Id, new RateAiMessageRequest(FeedbackRating.Up));
        var supervisor = await App.CreateUserAsync("Priya Review", Roles.Supervisor);
        var queue = App.Services.GetRequiredService<ReviewQueue>();

        var article = await queue.ApproveAsync(supervisor, liked.Id, "Recalibrating quarzite sensors");

        article.Should().BeEquivalentTo(new
        {
            Title = "Recalibrating quarzite sensors", Body = liked.Content, Status = KnowledgeStatus.Published,
            Source = KnowledgeSource.RatedAnswer, SourceMessageId = (long?)liked.Id,
        });
        (await queue.ListAsync(supervisor)).Should().NotContain(c => c.MessageId == liked.Id);
        var found = await App.Services.GetRequiredService<QanDu.Dashboard.Features.Knowledge.KnowledgeRetriever>()
            .RetrieveAsync("how do I recalibrate a quarzite sensor?", "en");
        found.Select(f => f.Id).Should().StartWith(article.Id);
        await FluentActions.Awaiting(() => queue.ApproveAsync(supervisor, liked.Id, null))
            .Should().ThrowAsync<ChatValidationException>().WithMessage("*not waiting for review*");
    }

    [Fact]
    public async Task RejectAsync_SentSuggestion_LeavesTheQueueAndIsNeverRetrieved_AgentsCannotDecide()
    {
        var (maya, _, threadId) = await ThreadAsync();
        var sent = (await App.Messages.PostAsync(maya, new PostMessageRequest(threadId, "Flumox licences renew on the first of each month."))).Message;
        await AddSuggestionsAsync(threadId, maya, (SuggestionOutcome.SentAsIs, sent.Content, sent.Id));
        var supervisor = await App.CreateUserAsync("Priya Review", Roles.Supervisor);
        var queue = App.Services.GetRequiredService<ReviewQueue>();
        await FluentActions.Awaiting(() => queue.RejectAsync(maya, sent.Id)).Should().ThrowAsync<ChatForbiddenException>();

        await queue.RejectAsync(supervisor, sent.Id);

        (await queue.ListAsync(supervisor)).Should().NotContain(c => c.MessageId == sent.Id);
        var found = await App.Services.GetRequiredService<QanDu.Dashboard.Features.Knowledge.KnowledgeRetriever>()
            .RetrieveAsync("when do flumox licences renew?", "en");
        found.Should().BeEmpty("a rejected candidate is kept only as the record of the decision");
    }

    [Fact]
    public async Task Page_PublishClicked_RowLeavesAndTheArticleExists()
    {
        var (_, tom, threadId) = await ThreadAsync();
        var liked = await AiMessages.CreateAsync(App, threadId, "Glimmer exports are emailed as CSV within ten minutes.");
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(tom, liked.Id, new RateAiMessageRequest(FeedbackRating.Up));
        SignInAs(await App.CreateUserAsync("Alex Review", Roles.Admin));
        var page = Render<KnowledgeReview>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=review-row]").Should().ContainSingle(), Live);

        await page.ClickWhenShownAsync("[data-testid=review-approve]");

        page.WaitForAssertion(() => page.Find("[data-testid=review-empty]"), Live);
        (await App.QueryAsync(db => db.KnowledgeArticles.CountAsync(a => a.SourceMessageId == liked.Id && a.Status == KnowledgeStatus.Published)))
            .Should().Be(1);
    }

    [Fact]
    public async Task Page_Agent_NotAllowed()
    {
        SignInAs(await App.CreateUserAsync("Maya Review", Roles.Agent));

        var page = Render<KnowledgeReview>();

        page.WaitForAssertion(() => page.Find("[data-testid=review-forbidden]").TextContent.Should().Contain("supervisors and admins"), Live);
        page.FindAll("[data-testid=review-row]").Should().BeEmpty();
    }

    [Fact]
    public async Task Page_AiAnswerInMarkdownInAnUntitledAiThread_RenderedSanitizedUnderItsQuestionAndNamedByTheThreadTitle()
    {
        var maya = await App.CreateUserAsync("Maya Review", Roles.Agent);
        var ai = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        await App.Messages.PostAsync(maya, new PostMessageRequest(ai.Id, "How long does a **card refund** take?"));
        var answer = await AiMessages.CreateAsync(App, ai.Id,
            "**Refunds** reach the card in 5–10 business days.\n\n- Visa: often sooner\n- <script>alert(1)</script> [bad](javascript:alert(1))");
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(maya, answer.Id, new RateAiMessageRequest(FeedbackRating.Up));
        await WaitForTitleAsync(maya, ai.Id); // named after its first question as soon as it is posted; the review comes later
        SignInAs(await App.CreateUserAsync("Alex Review", Roles.Admin));

        var page = Render<KnowledgeReview>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=review-row]").Should().ContainSingle(), Live);
        var text = page.Find("[data-testid=review-answer]");
        text.QuerySelector("strong")!.TextContent.Should().Be("Refunds");
        text.QuerySelectorAll("li").Should().HaveCount(2);
        text.InnerHtml.Should().NotContain("**").And.NotContain("<script").And.NotContain("javascript:");
        page.Find("[data-testid=review-question]").TextContent.Should().Be("How long does a card refund take?");
        page.Find("[data-testid=review-thread]").TextContent.Trim().Should().Be("How long does a card refund take?");
        page.Find("[data-testid=review-thread]").HasAttribute("href").Should().BeFalse("an AI thread is private to who asked: the reviewer cannot open it");
    }

    [Fact]
    public async Task ApproveAsync_AnswerQuotingAStaffOnlyConversation_TitledByTheQuestionWithoutTheInternalMessage()
    {
        var (maya, tom, internalThread) = await ThreadAsync();
        var customer = await App.CreateUserAsync("Jordan Customer", role: null);
        var customerThread = await App.CreateGroupThreadAsync(maya, "Charged twice", customer);
        var internalNote = (await App.Messages.PostAsync(tom, new PostMessageRequest(internalThread,
            "Internal: finance approves refunds over 500 EUR, do not tell customers."))).Message;
        var reply = (await App.Messages.PostAsync(maya, new PostMessageRequest(customerThread,
            "I have refunded the duplicate payment; card refunds appear within 5 to 10 business days."))).Message;
        var ai = await Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Ai, null, []));
        await App.Messages.PostAsync(maya, new PostMessageRequest(ai.Id, "How long does a card refund take?"));
        var answer = await AiMessages.CreateAsync(App, ai.Id, $"""
            From the knowledge base — *Refund policy* ([open](/knowledge/1)):

            > Refunds go back to the card they came from.

            From earlier conversations:

            Based on how Maya Review answered in *Charged twice* ([open](/threads/{customerThread}?message={reply.Id})):

            > I have refunded the duplicate payment; card refunds appear within 5 to 10 business days.

            Similar answers:

            - Tom Review in *Review queue* ([open](/threads/{internalThread}?message={internalNote.Id})): Internal: finance approves refunds over 500 EUR, do not tell customers.
            """);
        await App.Services.GetRequiredService<FeedbackService>().RateAsync(maya, answer.Id, new RateAiMessageRequest(FeedbackRating.Up));
        var supervisor = await App.CreateUserAsync("Priya Review", Roles.Supervisor);

        var article = await App.Services.GetRequiredService<ReviewQueue>().ApproveAsync(supervisor, answer.Id, title: null);

        article.Title.Should().Be("How long does a card refund take?");
        article.Body.Should().Contain("Refunds go back to the card they came from.")
            .And.Contain("card refunds appear within 5 to 10 business days");
        article.Body.Should().NotContain("finance approves").And.NotContain("Review queue").And.NotContain("Similar answers");
    }

    private async Task WaitForTitleAsync(ChatCaller asker, long threadId)
    {
        for (var tries = 0; (await Threads.GetThreadAsync(asker, threadId)).Title is null; tries++)
        {
            if (tries > 200)
                throw new Xunit.Sdk.XunitException($"AI thread {threadId} was never named after its question.");
            await Task.Delay(50);
        }
    }

    private async Task<(ChatCaller Maya, ChatCaller Tom, long ThreadId)> ThreadAsync()
    {
        var maya = await App.CreateUserAsync("Maya Review", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Review", Roles.Agent);
        return (maya, tom, await App.CreateGroupThreadAsync(maya, "Review queue", tom));
    }

    // Suggestion outcomes as the suggestions feature records them (that feature is built in parallel).
    private async Task AddSuggestionsAsync(long threadId, ChatCaller agent, params (SuggestionOutcome Outcome, string Text, long? SentMessageId)[] rows)
    {
        var dbFactory = App.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var rank = 0;
        foreach (var (outcome, text, sent) in rows)
            db.AiSuggestions.Add(new AiSuggestion
            {
                ThreadId = threadId, UserId = agent.UserId, Rank = rank++ % 3, Text = text, Model = "local", Outcome = outcome,
                SentMessageId = sent, CreatedAt = DateTime.UtcNow, DecidedAt = outcome == SuggestionOutcome.Shown ? null : DateTime.UtcNow,
            });
        await db.SaveChangesAsync();
    }
}
