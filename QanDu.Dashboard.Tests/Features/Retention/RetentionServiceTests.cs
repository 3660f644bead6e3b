using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Retention;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Retention;

/// <summary>
/// The retention policy on a real database and files folder: what the dry run counts is exactly what a run deletes (old
/// resolved customer conversations, their messages, files on disk and search rows), nothing else is touched, the
/// setting refuses nonsense by name, runs are audited, and files a crash left behind go on the next run.
/// </summary>
public sealed class RetentionServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private RetentionService Retention => factory.Services.GetRequiredService<RetentionService>();

    [Fact]
    public async Task RunAsync_ThirtyDayPolicy_DeletesExactlyWhatTheDryRunCounted()
    {
        var admin = await factory.CreateUserAsync("Rita Retention", Roles.Admin);
        var agent = await factory.CreateUserAsync("Aaron Agent", Roles.Agent);
        var old1 = await ConversationAsync(agent, "Olga Old", "quokkaold first question", resolvedDaysAgo: 40);
        var old2 = await ConversationAsync(agent, "Omar Old", "quokkaold second question", resolvedDaysAgo: 31);
        var recent = await ConversationAsync(agent, "Rhea Recent", "wombatrecent question", resolvedDaysAgo: 10);
        var open = await ConversationAsync(agent, "Otto Open", "wombatopen question", resolvedDaysAgo: null);
        var staff = await factory.CreateGroupThreadAsync(admin, "Old staff thread", agent);
        await factory.Messages.PostAsync(admin, new PostMessageRequest(staff, "wombatstaff notes"));
        await SetResolvedAsync(staff, daysAgo: 400);
        await Retention.SetAsync(admin, AuditActor.From(admin), 30);
        var expectedMessages = await factory.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == old1.ThreadId || m.ThreadId == old2.ThreadId));

        var dry = await Retention.DryRunAsync(admin);
        var progress = new List<RetentionProgress>();
        var result = await Retention.RunAsync(admin, AuditActor.From(admin), new SyncProgress(progress.Add));

        dry.Should().BeEquivalentTo(new { Days = 30, Conversations = 2, Messages = expectedMessages, Files = 2 });
        result.Should().BeEquivalentTo(new { dry.Conversations, dry.Messages, dry.Files });
        progress.Last().Should().Be(new RetentionProgress(2, expectedMessages, 2, 2));
        var threads = await factory.QueryAsync(db => db.Threads.Select(t => t.Id).ToListAsync());
        threads.Should().NotContain([old1.ThreadId, old2.ThreadId]).And.Contain([recent.ThreadId, open.ThreadId, staff]);
        (await factory.QueryAsync(db => db.ConversationActivity.CountAsync(a => a.ThreadId == old1.ThreadId || a.ThreadId == old2.ThreadId)))
            .Should().Be(0, "the activity log goes with its conversation");
        File.Exists(factory.Files.PathOf(old1.StoredName)).Should().BeFalse("a deleted conversation's files leave the disk");
        File.Exists(factory.Files.PathOf(old2.StoredName)).Should().BeFalse();
        File.Exists(factory.Files.PathOf(recent.StoredName)).Should().BeTrue("a conversation resolved 10 days ago is kept");
        File.Exists(factory.Files.PathOf(open.StoredName)).Should().BeTrue();
        (await SearchIndex.MessagesWithAsync(factory, "quokkaold")).Should().Be(0, "the search index keeps no deleted text");
        (await SearchIndex.MessagesWithAsync(factory, "receipt-Olga")).Should().Be(0, "nor deleted file names");
        (await SearchIndex.MessagesWithAsync(factory, "wombatrecent")).Should().Be(2, "kept: one row in each index");
        (await SearchIndex.MessagesWithAsync(factory, "wombatstaff")).Should().Be(2, "staff threads are never retention's");
        var settings = await Retention.GetAsync(admin);
        settings.LastRunDeleted.Should().Be(2);
        settings.LastRunAt.Should().Be(result.FinishedAt);
        var audit = await LastAuditAsync("retention.run");
        audit.ActorName.Should().Be("Rita Retention");
        audit.Detail.Should().StartWith($"Deleted 2 conversation(s) resolved before").And.EndWith($"(30 day(s)): {expectedMessages} message(s), 2 file(s).");
    }

    [Fact]
    public async Task RunAsync_FilesOfADeleteThatCommittedBeforeACrash_DeletedOnTheNextRun()
    {
        var admin = await factory.CreateUserAsync("Cora Crash", Roles.Admin);
        var agent = await factory.CreateUserAsync("Carl Agent", Roles.Agent);
        var crashed = await ConversationAsync(agent, "Cass Crashed", "numbatcrash question", resolvedDaysAgo: 90);
        var kept = await ConversationAsync(agent, "Kim Kept", "numbatkept question", resolvedDaysAgo: 1);
        await Retention.SetAsync(admin, AuditActor.From(admin), 30);
        // The delete committed, then the app stopped before the files went: the attachment rows are gone, the file is not.
        await factory.QueryAsync(db => db.Threads.Where(t => t.Id == crashed.ThreadId).ExecuteDeleteAsync());
        File.Exists(factory.Files.PathOf(crashed.StoredName)).Should().BeTrue();

        await Retention.RunAsync(admin, AuditActor.From(admin));

        File.Exists(factory.Files.PathOf(crashed.StoredName)).Should().BeFalse("the run sweeps files no attachment owns before deleting more");
        File.Exists(factory.Files.PathOf(kept.StoredName)).Should().BeTrue("a file a message still owns is never deleted");
    }

    [Fact]
    public async Task DailyPass_PolicyOn_DeletesAsTheAppAndAudits()
    {
        var admin = await factory.CreateUserAsync("Dana Daily", Roles.Admin);
        var agent = await factory.CreateUserAsync("Dev Agent", Roles.Agent);
        var old = await ConversationAsync(agent, "Dora Daily", "dingodaily question", resolvedDaysAgo: 8);
        await Retention.SetAsync(admin, AuditActor.From(admin), 7);
        var schedule = factory.Services.GetServices<IHostedService>().OfType<RetentionSchedule>().Single();

        await schedule.PassAsync(CancellationToken.None);

        (await factory.QueryAsync(db => db.Threads.AnyAsync(t => t.Id == old.ThreadId))).Should().BeFalse();
        File.Exists(factory.Files.PathOf(old.StoredName)).Should().BeFalse();
        var audit = await LastAuditAsync("retention.run");
        audit.ActorId.Should().BeNull("the daily pass is the app's own");
        audit.ActorName.Should().Be("Data retention");
        audit.Detail.Should().StartWith("Deleted 1 conversation(s)");
    }

    [Theory]
    [InlineData(0, "at least 1 day")]
    [InlineData(-5, "at least 1 day")]
    [InlineData(100_000, "more than 3650 (ten years)")]
    public async Task PutRetention_OutOfRange_ProblemNamesTheField(int days, string says)
    {
        var admin = await factory.CreateUserAsync("Pat Put", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);
        var before = await (await client.GetAsync("/api/admin/retention")).ReadAsync<RetentionView>();

        var response = await client.PutAsJsonAsync("/api/admin/retention", new { resolvedConversationDays = days });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("resolvedConversationDays").WhoseValue.Single().Should().Contain(says);
        (await (await client.GetAsync("/api/admin/retention")).ReadAsync<RetentionView>()).ResolvedConversationDays
            .Should().Be(before.ResolvedConversationDays, "nothing was saved");
    }

    [Fact]
    public async Task PutRetention_Admin_SavedAndAudited_OffAgainWithNull()
    {
        var admin = await factory.CreateUserAsync("Sol Saver", Roles.Admin);
        var client = await factory.CreateClientForAsync(admin);

        var saved = await (await client.PutAsJsonAsync("/api/admin/retention", new { resolvedConversationDays = 180 })).ReadAsync<RetentionView>();
        var audit = await LastAuditAsync("retention.updated");
        var off = await (await client.PutAsJsonAsync("/api/admin/retention", new { resolvedConversationDays = (int?)null })).ReadAsync<RetentionView>();
        var dryRunOff = await client.PostAsync("/api/admin/retention/dry-run", null);
        var tried = await (await client.PostAsync("/api/admin/retention/dry-run?days=5", null)).ReadAsync<RetentionDryRun>();

        saved.Should().BeEquivalentTo(new { ResolvedConversationDays = 180, UpdatedBy = "Sol Saver" });
        audit.After.Should().Contain("180");
        off.ResolvedConversationDays.Should().BeNull();
        dryRunOff.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a dry run of a policy that is off needs a number of days");
        (await dryRunOff.ReadProblemAsync()).Errors.Should().ContainKey("resolvedConversationDays");
        tried.Days.Should().Be(5, "a period can be tried before it is saved");
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task RetentionApi_NotAnAdmin_Forbidden(string role)
    {
        var user = await factory.CreateUserAsync($"Nora {role}", role);
        var client = await factory.CreateClientForAsync(user);

        (await client.GetAsync("/api/admin/retention")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsync("/api/admin/retention/run", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var act = () => Retention.RunAsync(user, AuditActor.From(user));
        await act.Should().ThrowAsync<ChatForbiddenException>("the service refuses too, whatever the door");
    }

    private sealed record Seeded(long ThreadId, string StoredName);

    /// <summary>A customer conversation: the customer's question with a file, an agent's reply; resolved that many days ago (null: open).</summary>
    private async Task<Seeded> ConversationAsync(ChatCaller agent, string customer, string question, int? resolvedDaysAgo)
    {
        var chat = await factory.StartAsync(customer, question);
        var upload = await factory.Files.SaveUploadAsync(chat.Customer, $"receipt-{customer.Split(' ')[0]}.png", "image/png", null, new MemoryStream(TestFiles.Png()));
        await factory.Messages.PostAsync(chat.Customer, new PostMessageRequest(chat.ThreadId, "Here is the receipt", UploadIds: [upload.Id]));
        await factory.Messages.PostAsync(agent, new PostMessageRequest(chat.ThreadId, "Thanks, looking into it."));
        if (resolvedDaysAgo is { } days)
            await SetResolvedAsync(chat.ThreadId, days);
        var stored = await factory.QueryAsync(db => db.Attachments.Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ThreadId == chat.ThreadId))
            .Select(a => a.StoredName).SingleAsync());
        File.Exists(factory.Files.PathOf(stored)).Should().BeTrue();
        return new Seeded(chat.ThreadId, stored);
    }

    private Task SetResolvedAsync(long threadId, int daysAgo) =>
        factory.QueryAsync(db => db.Threads.Where(t => t.Id == threadId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Status, ThreadStatus.Archived)
            .SetProperty(t => t.ResolvedAt, DateTime.UtcNow.AddDays(-daysAgo))));

    private Task<AuditEntry> LastAuditAsync(string action) =>
        factory.QueryAsync(db => db.AuditLog.Where(a => a.Action == action).OrderByDescending(a => a.Id).FirstAsync());

    /// <summary>Reports on the caller's thread, so the list is complete when the run returns (Progress&lt;T&gt; posts to the pool).</summary>
    private sealed class SyncProgress(Action<RetentionProgress> report) : IProgress<RetentionProgress>
    {
        public void Report(RetentionProgress value) => report(value);
    }
}
