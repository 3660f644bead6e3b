using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Demo;

/// <summary>
/// The demo's eight weeks of past customer conversations: a team lead sees them in reports and on the board, so the activity
/// log must tell the same story as the conversations themselves (resolves, ratings, first replies, hand-offs, previews).
/// </summary>
public sealed class DemoHistoryTests : IAsyncLifetime
{
    private readonly TempDataFolder _folder = new();
    private DashboardFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = DashboardFactory.OnFolder(_folder, seedDemo: true);
        return _app.QueryAsync(db => db.Users.CountAsync()); // starts the app: migrates and seeds
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task DemoHistory_ActivityLogAgreesWithEveryCustomerConversation()
    {
        var (threads, facts, messages) = await _app.QueryAsync(async db => (
            await db.Threads.AsNoTracking().Where(t => t.ContactId != null).ToListAsync(),
            await db.ConversationActivity.AsNoTracking().ToListAsync(),
            await db.Messages.AsNoTracking().Where(m => db.Threads.Any(t => t.Id == m.ThreadId && t.ContactId != null))
                .Select(m => new { m.Id, m.ThreadId, m.Type, m.IsPrivate, m.SenderType, m.SenderId, m.Timestamp }).ToListAsync()));
        var customerOf = await _app.QueryAsync(db => db.Contacts.ToDictionaryAsync(c => c.Id, c => c.UserId));

        threads.Should().HaveCountGreaterThanOrEqualTo(DemoSeeder.HistoryConversationCount, "the history is there");
        foreach (var thread in threads)
        {
            var own = facts.Where(f => f.ThreadId == thread.Id).ToList();
            var visible = messages.Where(m => m.ThreadId == thread.Id && !m.IsPrivate && m.Type != MessageType.System).OrderBy(m => m.Id).ToList();
            own.Should().ContainSingle(f => f.Kind == ActivityKind.Created, "#{0} was created once", thread.Id);
            if (thread.Status == ThreadStatus.Archived)
                own.Where(f => f.Kind == ActivityKind.Resolved).MaxBy(f => f.At)!.At.Should().Be(thread.ResolvedAt!.Value, "#{0}'s last resolve is its ResolvedAt", thread.Id);
            else
                thread.ResolvedAt.Should().BeNull();
            own.Count(f => f.Kind == ActivityKind.Resolved).Should().Be(own.Count(f => f.Kind == ActivityKind.Reopened) + (thread.Status == ThreadStatus.Archived ? 1 : 0),
                "every reopen of #{0} was followed by another resolve (or it is open)", thread.Id);
            if (thread.Rating is { } rating)
                own.Should().ContainSingle(f => f.Kind == ActivityKind.Rated).Which.Should().Match<ConversationActivity>(f => f.Value == rating && f.At == thread.RatedAt);
            else
                own.Should().NotContain(f => f.Kind == ActivityKind.Rated);
            if (thread.HandedOffAt is { } handedOff)
                own.Should().ContainSingle(f => f.Kind == ActivityKind.HandedOff).Which.Should().Match<ConversationActivity>(f => f.At == handedOff && f.Detail == thread.HandOffReason);
            var customer = customerOf[thread.ContactId!.Value];
            var firstPerson = visible.FirstOrDefault(m => m.SenderType == SenderType.User && m.SenderId != customer);
            thread.FirstReplyAt.Should().Be(firstPerson?.Timestamp, "#{0}'s first reply is its first message by a person", thread.Id);
            thread.LastMessageId.Should().Be(visible[^1].Id, "#{0}'s preview is its last visible message", thread.Id);
            // One fact per visible message, of the kind its sender makes it.
            var messageFacts = own.Where(f => f.MessageId != null).ToDictionary(f => f.MessageId!.Value);
            messageFacts.Keys.Should().BeEquivalentTo(visible.Select(m => m.Id), "#{0}: every message of the customer, a person or the assistant is in the log", thread.Id);
            foreach (var message in visible)
            {
                var expected = message.SenderType == SenderType.Ai ? ActivityKind.AssistantReply
                    : message.SenderId == customer ? ActivityKind.CustomerMessage : ActivityKind.AgentReply;
                messageFacts[message.Id].Kind.Should().Be(expected);
                messageFacts[message.Id].At.Should().Be(message.Timestamp);
            }
        }
        var history = threads.Where(t => t.HandedOffAt != null || t.Rating != null).ToList();
        history.Should().Contain(t => t.HandedOffAt != null, "some were handed off by the assistant")
            .And.Contain(t => t.RatingComment != null && t.Rating <= 2, "some unhappy ratings say why")
            .And.Contain(t => t.RatingComment != null && t.Rating == 5, "some happy ones too");
        facts.Should().Contain(f => f.Kind == ActivityKind.Reopened, "a few came back");
    }

    [Fact]
    public async Task DemoHistory_SomeWaitForAFirstReply_OneNearTheStandardPolicysTarget()
    {
        var policy = await _app.QueryAsync(db => db.SlaPolicies.SingleAsync());
        policy.Should().BeEquivalentTo(new { Name = "Standard", FirstResponseMinutes = 15, NextResponseMinutes = 30, ResolutionMinutes = 480, BusinessHoursOnly = true, Enabled = true },
            o => o.ExcludingMissingMembers());
        var waiting = await _app.QueryAsync(db => db.Threads
            .Where(t => t.Status == ThreadStatus.Active && t.FirstReplyAt == null && db.Contacts.Any(c => c.Id == t.ContactId && c.Email!.EndsWith("@example.org")))
            .Select(t => t.CreatedAt).ToListAsync());
        var now = DateTime.UtcNow;
        waiting.Should().HaveCount(DemoSeeder.WaitingForFirstReplyMinutesAgo.Length);
        waiting.Min().Should().BeCloseTo(now.AddMinutes(-13), TimeSpan.FromMinutes(2), "the oldest is two minutes from its 15-minute first-response target");
    }

    [Fact]
    public async Task ConversationsReport_Last8Weeks_CountsTheHistory()
    {
        var priya = await _app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "supervisor@qandu.local"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var result = await _app.Services.GetRequiredService<ReportService>().RunAsync(ChatCaller.ForRoles(priya.Id, priya.DisplayName, [Roles.Supervisor]),
            "conversations", new ReportQuery(today.AddDays(-DemoSeeder.HistoryDays - 1), today));

        var created = await _app.QueryAsync(db => db.Threads.CountAsync(t => t.ContactId != null));
        result.Figures.Single(f => f.Key == "new").Value.Should().Be(created, "every customer conversation of the demo started in the last eight weeks");
        result.Figures.Single(f => f.Key == "resolved").Value.Should().BeGreaterThan(DemoSeeder.HistoryConversationCount);
        result.Figures.Single(f => f.Key == "reopened").Value.Should().BeGreaterThan(0);
    }
}
