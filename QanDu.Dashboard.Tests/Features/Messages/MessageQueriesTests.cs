using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Messages;

/// <summary>
/// Several services write parts of one message (edits, analysis, the assistant's reply store): the concurrency token
/// makes a writer that read an older copy read again instead of saving over the newer one.
/// </summary>
public sealed class MessageQueriesTests(MessageQueriesTests.QuietApp app) : IClassFixture<MessageQueriesTests.QuietApp>
{
    private readonly DashboardFactory factory = app.App;

    /// <summary>The app with the analysis worker off, so only the writers a test runs touch its messages.</summary>
    public sealed class QuietApp : IDisposable
    {
        public DashboardFactory App { get; } = new() { Settings = { ["Analysis:Enabled"] = "false" } };

        public void Dispose() => App.Dispose();
    }

    [Fact]
    public async Task ChangeAsync_AnotherWriterSavesBetweenReadAndSave_RetriesOnAFreshCopyAndKeepsBothChanges()
    {
        var agent = await factory.CreateUserAsync("Agent Versions", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, "Versions", await factory.CreateUserAsync("Colleague Versions", Roles.Agent));
        var posted = (await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Thanks, that worked"))).Message;
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        var analysis = factory.Services.GetRequiredService<AnalysisStore>();
        var attempts = 0;

        var changed = await MessageQueries.ChangeAsync(dbFactory, db => db.Messages.SingleOrDefaultAsync(m => m.Id == posted.Id), async (_, message) =>
        {
            if (++attempts == 1) // the analysis stores its result after this writer read the message
                (await analysis.SetAnalysisAsync(ChatCaller.System("Tests"), posted.Id, posted.Content,
                    new AnalysisMetadata("positive", "thanks", "en", 0.7), publish: false)).Should().BeTrue();
            message.Metadata = new MessageMetadata { Ai = message.Metadata?.Ai, Analysis = message.Metadata?.Analysis, System = new SystemMetadata("note", "pinned") };
            return true;
        }, CancellationToken.None);

        changed.Should().BeTrue();
        attempts.Should().Be(2, "the first save found the message changed under it and read it again");
        var stored = await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == posted.Id));
        stored.Metadata!.Analysis.Should().BeEquivalentTo(new { Sentiment = "positive", Intent = "thanks" }, "the other writer's change was not overwritten");
        stored.Metadata.System.Should().Be(new SystemMetadata("note", "pinned"));
        stored.Version.Should().Be(2);
    }

    [Fact]
    public async Task ChangeAsync_ChangeDecidesNothingToDo_NothingWrittenAndVersionKept()
    {
        var agent = await factory.CreateUserAsync("Agent No Change", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, "No change", await factory.CreateUserAsync("Colleague No Change", Roles.Agent));
        var posted = (await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Same text"))).Message;

        var edited = await factory.Edits.EditAsync(agent, posted.Id, "Same text");

        edited.EditedAt.Should().BeNull();
        (await factory.QueryAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == posted.Id))).Version.Should().Be(0);
        (await factory.QueryAsync(db => db.MessageEdits.CountAsync(e => e.MessageId == posted.Id))).Should().Be(0);
    }
}
