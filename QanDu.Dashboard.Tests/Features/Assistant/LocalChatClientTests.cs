using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>The offline assistant: answers from how staff answered before (only what the asker may see), and summaries.</summary>
public sealed class LocalChatClientTests : IAsyncLifetime, IDisposable
{
    private readonly DashboardFactory _app = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.001" } };
    private ChatCaller _maya = null!;
    private ChatCaller _tom = null!;
    private long _refundThread;
    private long _refundAnswer;
    private long _askThread;

    private MessageService Messages => _app.Messages;


    private ThreadService Threads => _app.Threads;
    private IChatClient Client => _app.Services.GetRequiredService<IChatClient>();

    public async Task InitializeAsync()
    {
        _maya = await _app.CreateUserAsync("Maya Chen", Roles.Agent);
        _tom = await _app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var jordan = await _app.CreateUserAsync("Jordan Blake", role: null);
        var sam = await _app.CreateUserAsync("Sam Rivera", role: null);
        var lee = await _app.CreateUserAsync("Lee Wong", role: null);

        _refundThread = await _app.CreateGroupThreadAsync(_maya, "Refund for order 1042", jordan);
        await Post(jordan, _refundThread, "Hello! I was charged twice for order 1042. Can I get my money back?");
        _refundAnswer = await Post(_maya, _refundThread, "Sorry about that! I've refunded the duplicate payment; card refunds take 5-10 business days to appear on the statement.");
        await Post(jordan, _refundThread, "Great, thank you.");

        var export = await _app.CreateGroupThreadAsync(_maya, "Exporting contacts", sam);
        await Post(sam, export, "How do I export my contacts to a spreadsheet file?");
        await Post(_maya, export, "Go to Settings, then Data, then Export, and choose CSV. The file arrives by email.");

        var hidden = await _app.CreateGroupThreadAsync(_tom, "Blank invoice PDF", lee);
        await Post(lee, hidden, "The invoice PDF download shows a blank page in the browser.");
        await Post(_tom, hidden, "Known issue with the viewer: open the PDF with the download button instead; secretfix-77 is rolled out tonight.");

        _askThread = (await Threads.CreateThreadAsync(_maya, new CreateThreadRequest(ThreadType.Ai, "Questions", []))).Id;
    }

    [Fact]
    public async Task GetStreamingResponseAsync_DifferentlyPhrasedQuestion_CitesTheRightThreadFirst()
    {
        var (text, updates, first) = await AskAsync(_maya, _askThread, "A customer was billed twice for an order and wants their money back. What do I tell them?");

        text.Should().StartWith("Based on how Maya Chen answered in *Refund for order 1042*");
        text.Should().Contain($"/threads/{_refundThread}?message={_refundAnswer}").And.Contain("5-10 business days");
        text.Should().NotContain("Exporting contacts", "an unrelated conversation is not cited");
        updates.Should().BeGreaterThan(10, "the answer streams word by word");
        first!.ModelId.Should().Be(LocalChatClient.ModelName);
        var sources = first.AdditionalProperties![AssistantRequest.SourcesKey].Should().BeAssignableTo<IReadOnlyList<AiSource>>().Subject;
        sources[0].Should().Be(new AiSource("Refund for order 1042", $"/threads/{_refundThread}?message={_refundAnswer}"));
        first.AdditionalProperties[AssistantRequest.ConfidenceKey].Should().BeOfType<double>().Which.Should().BeInRange(0.3, 1);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AnswerOnlyInHiddenThread_NeverUsedForAgentOutsideIt()
    {
        var (outside, _, _) = await AskAsync(_maya, _askThread, "Why does the invoice PDF show a blank page when downloaded?");
        var tomsThread = (await Threads.CreateThreadAsync(_tom, new CreateThreadRequest(ThreadType.Ai, null, []))).Id;
        var (inside, _, _) = await AskAsync(_tom, tomsThread, "Why does the invoice PDF show a blank page when downloaded?");

        outside.Should().NotContain("secretfix").And.NotContain("Blank invoice PDF").And.StartWith("I found no earlier conversation");
        inside.Should().Contain("secretfix-77", "Tom takes part in that conversation, so the same question finds it for him");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Summarize_ReturnsTheThreadsKeyMessages()
    {
        var customer = await _app.CreateUserAsync("Ana Souza", role: null);
        var thread = await _app.CreateGroupThreadAsync(_maya, "Export failures", customer);
        await Post(customer, thread, "Good morning, hope you are well today.");
        await Post(customer, thread, "Our nightly CSV export fails with error 504 when the export has more than 10,000 rows.");
        await Post(_maya, thread, "Thanks for reaching out, happy to help.");
        await Post(_maya, thread, "We raised the export timeout and now split large CSV exports into batches of 5,000 rows.");
        await Post(customer, thread, "Thank you, have a nice weekend.");

        var (summary, _, _) = await AskAsync(_maya, thread, "tl;dr please — summarize this");

        summary.Should().StartWith("**Problem:** Our nightly CSV export fails with error 504");
        summary.Should().Contain("**Done:**\n- Maya").And.Contain("split large CSV exports into batches");
        summary.Should().Contain("**Outcome:** Ana Souza thanked the team");
        summary.Should().NotContain("hope you are well").And.NotContain("nice weekend");
    }

    private async Task<long> Post(ChatCaller sender, long threadId, string content) =>
        (await Messages.PostAsync(sender, new PostMessageRequest(threadId, content))).Message.Id;

    private async Task<(string Text, int Updates, ChatResponseUpdate? First)> AskAsync(ChatCaller asker, long threadId, string question)
    {
        var options = new Microsoft.Extensions.AI.ChatOptions { AdditionalProperties = new() { [AssistantRequest.Key] = new AssistantRequest(asker, threadId) } };
        var text = "";
        var count = 0;
        ChatResponseUpdate? first = null;
        await foreach (var update in Client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, question)], options))
        {
            first ??= update;
            text += update.Text;
            count++;
        }
        return (text, count, first);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}
