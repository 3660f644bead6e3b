using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Features.Knowledge;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>The offline assistant answering from the demo knowledge base: right article cited first, key sentences quoted.</summary>
public sealed class LocalChatClientKnowledgeTests(KnowledgeBaseFixture kb, ITestOutputHelper output) : IClassFixture<KnowledgeBaseFixture>
{
    private IChatClient Client => kb.App.Services.GetRequiredService<IChatClient>();

    [Fact]
    public async Task GetResponseAsync_ParaphrasedCustomerQuestions_CitesRightArticleFirstForAtLeast80Percent()
    {
        var (agent, thread) = await AiThreadAsync();
        var ids = await ArticleIdsAsync();
        var right = 0;
        foreach (var (question, _, expected) in KnowledgeRetrievalAcceptanceTests.Questions)
        {
            var response = await AskAsync(agent, thread, question);
            var sources = Sources(response);
            if (sources.FirstOrDefault()?.Url == $"/knowledge/{ids[expected]}")
                right++;
            else
                output.WriteLine($"MISS  {question}\n      expected: {expected}\n      cited:    {sources.FirstOrDefault()?.Title ?? "(nothing)"}");
        }

        var line = $"Local assistant: {right}/{KnowledgeRetrievalAcceptanceTests.Questions.Length} cite the right article first ({100.0 * right / KnowledgeRetrievalAcceptanceTests.Questions.Length:F0}%)";
        output.WriteLine(line);
        Console.WriteLine(line);
        ((double)right / KnowledgeRetrievalAcceptanceTests.Questions.Length).Should().BeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public async Task GetResponseAsync_PasswordQuestion_QuotesMatchingSentencesNotTheWholeArticleAndLinksIt()
    {
        var (agent, thread) = await AiThreadAsync();
        var id = (await ArticleIdsAsync())["Resetting your password"];

        var response = await AskAsync(agent, thread, "I forgot my password, how long is the reset link valid?");

        response.Text.Should().StartWith($"From the knowledge base — *Resetting your password* ([open](/knowledge/{id}))");
        response.Text.Should().Contain("valid for one hour");
        response.Text.Should().NotContain("check your spam folder", "only the sentences that answer the question are quoted, not the whole article");
        Sources(response)[0].Should().Be(new AiSource("Resetting your password", $"/knowledge/{id}"));
        response.AdditionalProperties![AssistantRequest.ConfidenceKey].Should().BeOfType<double>().Which.Should().BeInRange(0.2, 1);
    }

    [Fact]
    public async Task GetResponseAsync_GermanConversation_PrefersTheGermanArticle()
    {
        var (agent, thread) = await AiThreadAsync();
        var id = (await ArticleIdsAsync())["Passwort vergessen: so setzen Sie es zurück"];

        var response = await AskAsync(agent, thread, "Wie kann ich mein Passwort zurücksetzen? Ich habe es vergessen.");

        Sources(response)[0].Url.Should().Be($"/knowledge/{id}");
        response.Text.Should().Contain("Passwort vergessen");
    }

    [Fact]
    public async Task AiThread_QuestionPosted_ReplyCitesArticleInItsMetadata()
    {
        var (agent, thread) = await AiThreadAsync();
        var id = (await ArticleIdsAsync())["Cancelling your subscription"];

        await kb.App.Messages.PostAsync(agent, new PostMessageRequest(thread, "How does a customer stop their subscription from renewing?"));

        var reply = await WaitForAiReplyAsync(thread);
        reply.Content.Should().StartWith("From the knowledge base — *Cancelling your subscription*");
        reply.Metadata!.Ai!.Sources.Should().NotBeNullOrEmpty().And.Subject.First().Url.Should().Be($"/knowledge/{id}");
    }

    private async Task<Message> WaitForAiReplyAsync(long threadId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var reply = await kb.App.QueryAsync(db => db.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sent));
            if (reply is not null)
                return reply;
            DateTime.UtcNow.Should().BeBefore(deadline, "the assistant should answer");
            await Task.Delay(25);
        }
    }

    private async Task<(ChatCaller Agent, long Thread)> AiThreadAsync()
    {
        var agent = await kb.App.CreateUserAsync("Maya Chen", Roles.Agent);
        var thread = await kb.App.Threads.CreateThreadAsync(agent, new CreateThreadRequest(ThreadType.Ai, "Questions", []));
        return (agent, thread.Id);
    }

    private Task<Dictionary<string, long>> ArticleIdsAsync() =>
        kb.App.QueryAsync(db => db.KnowledgeArticles.ToDictionaryAsync(a => a.Title, a => a.Id));

    private Task<ChatResponse> AskAsync(ChatCaller asker, long threadId, string question) =>
        Client.GetResponseAsync([new ChatMessage(ChatRole.User, question)],
            new Microsoft.Extensions.AI.ChatOptions { AdditionalProperties = new() { [AssistantRequest.Key] = new AssistantRequest(asker, threadId) } });

    private static IReadOnlyList<AiSource> Sources(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(AssistantRequest.SourcesKey, out var sources) == true && sources is IReadOnlyList<AiSource> list ? list : [];
}
