using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>
/// An AI answer that quotes another conversation, read later by people who may not see that conversation: a supervisor's
/// answer read after she became an agent, and someone put in her AI thread before AI threads became private. The quote,
/// the source's title and link reach none of them, on any read (history, one message, replies, live update, inbox line,
/// search); whoever may see the source still gets the answer whole.
/// </summary>
public sealed class AnswerCitationReadTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "secretfix-77";
    private const string SourceTitle = "Blank invoice PDF";

    private readonly DashboardFactory _app = new() { Settings = { ["Ai:Local:TokenDelay"] = "00:00:00.001" } };
    private ChatCaller _supervisor = null!;
    private ChatCaller _demoted = null!;
    private ChatCaller _addedBefore = null!;
    private long _aiThread;
    private long _answerId;

    public async Task InitializeAsync()
    {
        var tom = await _app.CreateUserAsync("Tom Okafor", Roles.Agent);
        var lee = await _app.CreateUserAsync("Lee Wong", role: null);
        _supervisor = await _app.CreateUserAsync("Priya Shah", Roles.Supervisor);
        _demoted = ChatCaller.ForRoles(_supervisor.UserId, _supervisor.DisplayName, [Roles.Agent]);
        _addedBefore = await _app.CreateUserAsync("Sam Rivera", Roles.Agent);

        var source = await _app.CreateGroupThreadAsync(tom, SourceTitle, lee);
        await _app.Messages.PostAsync(lee, new PostMessageRequest(source, "The invoice PDF download shows a blank page in the browser."));
        await _app.Messages.PostAsync(tom, new PostMessageRequest(source,
            $"Known issue with the viewer: open the PDF with the download button instead; {Secret} is rolled out tonight."));

        // The supervisor sees every team conversation, so her question is answered from Tom's.
        _aiThread = (await _app.Threads.CreateThreadAsync(_supervisor, new CreateThreadRequest(ThreadType.Ai, "Questions", []))).Id;
        await _app.Messages.PostAsync(_supervisor, new PostMessageRequest(_aiThread, "Why does the invoice PDF show a blank page when downloaded?"));
        _answerId = (await WaitForAnswerAsync()).Id;

        // Someone put in her AI thread by an assignment made before AI threads became private.
        await _app.QueryAsync(async db =>
        {
            db.Add(new ThreadParticipant { ThreadId = _aiThread, UserId = _addedBefore.UserId, JoinedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task History_ReaderWhoMaySeeTheSource_AnswerWhole()
    {
        var answer = await AnswerInHistoryAsync(_supervisor);

        answer.Content.Should().Contain(Secret).And.Contain(SourceTitle);
        answer.Metadata!.Ai!.Sources.Should().ContainSingle(s => s.Title == SourceTitle);
    }

    [Fact]
    public async Task History_AskerWhoNoLongerMaySeeTheSource_QuoteTitleAndSourceLeftOut()
    {
        var answer = await AnswerInHistoryAsync(_demoted);

        ShouldShowNothingOfTheSource(answer);
    }

    [Fact]
    public async Task EveryRead_SomeoneElseInTheAiThread_NeverShowsTheQuote()
    {
        var history = await AnswerInHistoryAsync(_addedBefore);
        var single = await _app.Messages.GetMessageAsync(_addedBefore, _answerId);
        var chain = await _app.Messages.GetRepliesAsync(_addedBefore, _answerId);
        var stored = await _app.Messages.GetMessageAsync(ChatCaller.System("tests"), _answerId);
        var live = await _app.Messages.ShapeAsync(_addedBefore, MessageProjection.FromSnapshot(_addedBefore, MessageProjection.ToSnapshot(stored)));

        foreach (var view in new[] { history, single, chain.Original, live })
            ShouldShowNothingOfTheSource(view);
        stored.Content.Should().Contain(Secret, "the answer itself is kept as written");
    }

    [Fact]
    public async Task InboxLineAndReplyQuote_AnyReader_WithoutTheQuote()
    {
        var row = (await _app.Inbox.GetThreadsAsync(_addedBefore)).Single(t => t.Id == _aiThread); // the answer is its last message
        var reply = await _app.Messages.PostAsync(_supervisor, new PostMessageRequest(_aiThread, "Thanks!", ReplyToId: _answerId));
        var replyRead = await _app.Messages.GetMessageAsync(_addedBefore, reply.Message.Id);

        row.LastMessageId.Should().Be(_answerId);
        foreach (var line in new[] { row.LastMessagePreview, reply.Message.ReplyTo!.Snippet, replyRead.ReplyTo!.Snippet })
            line.Should().Be(AnswerCitations.CitationsOnlyPreview, "the answer was nothing but a quote of a conversation");
    }

    [Fact]
    public async Task Search_SomeoneElseInTheAiThread_DoesNotFindTheAnswerByItsQuote()
    {
        var outside = await _app.Services.GetRequiredService<SearchService>().SearchAsync(_addedBefore, Secret);
        var allowed = await _app.Services.GetRequiredService<SearchService>().SearchAsync(_supervisor, Secret);

        outside.Hits.Should().BeEmpty("the only match they could see is the answer's quote of a conversation they cannot see");
        allowed.Hits.Should().Contain(h => h.MessageId == _answerId);
    }

    private static void ShouldShowNothingOfTheSource(MessageView answer)
    {
        answer.Content.Should().NotContain(Secret).And.NotContain(SourceTitle).And.NotContain("Known issue").And.NotContain("/threads/");
        answer.Content.Should().Contain("you cannot see", "the reader is told something was left out");
        answer.Metadata?.Ai?.Sources.Should().BeNull();
        (answer.Metadata?.Ai?.Context ?? "").Should().NotContain(SourceTitle);
        (answer.Metadata?.Ai?.ContextUsed?.Sources ?? []).Should().BeEmpty();
    }

    private async Task<MessageView> AnswerInHistoryAsync(ChatCaller reader) =>
        (await _app.Messages.GetHistoryAsync(reader, _aiThread, before: null, limit: null)).Messages.Single(m => m.Id == _answerId);

    private async Task<Message> WaitForAnswerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await _app.QueryAsync(db => db.Messages.AsNoTracking()
                .FirstOrDefaultAsync(m => m.ThreadId == _aiThread && m.SenderType == SenderType.Ai && m.Status == MessageStatus.Sent));
            if (answer is not null && answer.Content.Contains(Secret))
                return answer;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The assistant did not answer from {SourceTitle}: '{answer?.Content}'");
            await Task.Delay(25);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}
