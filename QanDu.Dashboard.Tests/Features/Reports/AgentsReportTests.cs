using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using static QanDu.Dashboard.Tests.Features.Reports.FactWorkspace;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// The agents report on a hand-computed week (Monday 2 – Sunday 8 March 2026, UTC; previous: 23 Feb – 1 Mar), channel
/// open Monday–Friday 09:00–17:00:
/// C1 created Mon 08:00, Ada replies 09:30 (first response 5400 s calendar, 1800 s business: 09:00–09:30) and 10:00, resolved by Ada, rated 5.
/// C2 created Tue 10:00, Ben replies 10:10 (600 s / 600 s), Ada 10:20, resolved by Ben, rated 3.
/// C3 created Wed 16:50, the assistant answers, hands off 16:55; Ada replies Thu 09:05 (clock from the hand-off:
///    58200 s calendar; business 16:55–17:00 + 09:00–09:05 = 600 s).
/// C4 (previous week) created 25 Feb 10:00, Ben replies 10:20 (1200 s), resolved by Ben, rated 4.
/// C5 created Sun 1 Mar 20:00 (previous week), Ada replies Mon 09:00: a first response in this week (46800 s; business 0 s).
/// Ada: handled C1 C2 C3 C5 = 4, first responses 5400 58200 46800 → median 46800, business 1800 600 0 → median 600;
///      resolved 1, CSAT 5. Ben: handled 1, first response 600/600, resolved 1, CSAT 3.
/// All: handled 4 conversations; first responses [600, 5400, 46800, 58200] → median (nearest rank: the 2nd of 4) 5400;
///      business [0, 600, 600, 1800] → 600; resolutions 2; CSAT (5 + 3) / 2 = 4. Previous: handled 1, 1 first response
///      (1200 s), 1 resolution, CSAT 4.
/// Online: Ada Online 1 Mar 22:00 → Away 2 Mar 02:00 (7200 s inside the range, 7200 s in the previous one), Online
///      5 Mar 10:00 → Offline 10:30 (1800 s), Busy 8 Mar 23:00 → no change (3600 s to the range's end): 12600 s.
///      Ben Online 3 Mar 09:00 → Offline 17:00: 28800 s. Total 41400 s; previous 7200 s.
/// </summary>
public sealed class AgentsReportTests(AgentsReportTests.Workspace workspace) : IClassFixture<AgentsReportTests.Workspace>
{
    private static readonly ReportQuery Week = new(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 8));
    private ChatCaller _ada => workspace.Ada;
    private ChatCaller _ben => workspace.Ben;
    private FactWorkspace.Conversation _c1 => workspace.C1;
    private FactWorkspace.Conversation _c2 => workspace.C2;
    private FactWorkspace.Conversation _c3 => workspace.C3;
    private FactWorkspace.Conversation _c5 => workspace.C5;

    public sealed class Workspace : FactWorkspace
    {
        public ChatCaller Ada { get; private set; } = null!;
        public ChatCaller Ben { get; private set; } = null!;
        public Conversation C1 { get; private set; } = null!;
        public Conversation C2 { get; private set; } = null!;
        public Conversation C3 { get; private set; } = null!;
        public Conversation C5 { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Ada = await Factory.CreateUserAsync("Ada", Roles.Agent);
            Ben = await Factory.CreateUserAsync("Ben", Roles.Agent);
            var web = await ChannelAsync("Web");

            C1 = await ConversationAsync(At(2, 8), web, assigneeId: Ada.UserId, status: ThreadStatus.Archived, rating: 5);
            await MessageAsync(C1, ActivityKind.CustomerMessage, At(2, 8));
            await MessageAsync(C1, ActivityKind.AgentReply, At(2, 9, 30), Ada.UserId);
            await MessageAsync(C1, ActivityKind.AgentReply, At(2, 10), Ada.UserId);
            await FactAsync(C1.ThreadId, ActivityKind.Resolved, At(2, 11), Ada.UserId);

            C2 = await ConversationAsync(At(3, 10), web, assigneeId: Ben.UserId, status: ThreadStatus.Archived, rating: 3);
            await MessageAsync(C2, ActivityKind.CustomerMessage, At(3, 10));
            await MessageAsync(C2, ActivityKind.AgentReply, At(3, 10, 10), Ben.UserId);
            await MessageAsync(C2, ActivityKind.AgentReply, At(3, 10, 20), Ada.UserId);
            await FactAsync(C2.ThreadId, ActivityKind.Resolved, At(3, 12), Ben.UserId);

            C3 = await ConversationAsync(At(4, 16, 50), web, assigneeId: Ada.UserId, handedOffAt: At(4, 16, 55));
            await MessageAsync(C3, ActivityKind.CustomerMessage, At(4, 16, 50));
            await MessageAsync(C3, ActivityKind.AssistantReply, At(4, 16, 51), metadata: Ai(0.4, "handoff"));
            await FactAsync(C3.ThreadId, ActivityKind.HandedOff, At(4, 16, 55), detail: "low-confidence");
            await MessageAsync(C3, ActivityKind.AgentReply, At(5, 9, 5), Ada.UserId);

            var c4 = await ConversationAsync(At(25, 10, month: 2), web, assigneeId: Ben.UserId, status: ThreadStatus.Archived, rating: 4);
            await MessageAsync(c4, ActivityKind.CustomerMessage, At(25, 10, month: 2));
            await MessageAsync(c4, ActivityKind.AgentReply, At(25, 10, 20, month: 2), Ben.UserId);
            await FactAsync(c4.ThreadId, ActivityKind.Resolved, At(25, 11, month: 2), Ben.UserId);

            C5 = await ConversationAsync(At(1, 20), web, assigneeId: Ada.UserId);
            await MessageAsync(C5, ActivityKind.CustomerMessage, At(1, 20));
            await MessageAsync(C5, ActivityKind.AgentReply, At(2, 9), Ada.UserId);

            await DbAsync(async db =>
            {
                db.PresenceChanges.AddRange(
                    new PresenceChange { UserId = Ada.UserId, Status = PresenceStatus.Online, At = At(1, 22) },
                    new PresenceChange { UserId = Ada.UserId, Status = PresenceStatus.Away, At = At(2, 2) },
                    new PresenceChange { UserId = Ada.UserId, Status = PresenceStatus.Online, At = At(5, 10) },
                    new PresenceChange { UserId = Ada.UserId, Status = PresenceStatus.Offline, At = At(5, 10, 30) },
                    new PresenceChange { UserId = Ada.UserId, Status = PresenceStatus.Busy, At = At(8, 23) },
                    new PresenceChange { UserId = Ben.UserId, Status = PresenceStatus.Online, At = At(3, 9) },
                    new PresenceChange { UserId = Ben.UserId, Status = PresenceStatus.Offline, At = At(3, 17) });
                await db.SaveChangesAsync();
            });
        }
    }

    [Fact]
    public async Task Run_HandComputedWeek_FiguresMatchWithThePreviousWeekBeside()
    {
        var report = await workspace.RunAsync("agents", Week);

        report.Figures.Select(f => (f.Key, f.Value, f.Previous)).Should().Equal(
            ("handled", 4, 1), ("first-responses", 4, 1), ("median-first-response", 5400, 1200),
            ("median-first-response-business", 600, 1200), ("resolved", 2, 1), ("csat", 4, 4), ("online", 41400, 7200));
        report.Figures.Single(f => f.Key == "handled").Link.Should().Be("/reports/agents/drill/handled?from=2026-03-02&to=2026-03-08&tz=UTC");
    }

    [Fact]
    public async Task Run_PerAgentRows_HandComputedIncludingOnlineTimeClippedAtTheRangeEnds()
    {
        var report = await workspace.RunAsync("agents", Week);

        var rows = report.Tables.Single(t => t.Key == "by-agent").Rows;
        rows.Select(r => (r.Cells[0].Text, r.Cells[1].Value, r.Cells[2].Value, r.Cells[3].Value, r.Cells[4].Value, r.Cells[5].Value, r.Cells[6].Value, r.Cells[7].Value))
            .Should().Equal(
                ("Ada", 4, 3, 46800, 600, 1, 5, 12600),
                ("Ben", 1, 1, 600, 600, 1, 3, 28800));
        rows[0].Cells[1].Link.Should().Be($"/reports/agents/drill/handled%3A{_ada.UserId}?from=2026-03-02&to=2026-03-08&tz=UTC");
    }

    [Fact]
    public async Task Drill_KeysOfFiguresAndCells_ReturnTheConversationsBehindThem()
    {
        (await workspace.DrillAsync("agents", $"handled:{_ada.UserId}", Week)).Should().BeEquivalentTo([_c1.ThreadId, _c2.ThreadId, _c3.ThreadId, _c5.ThreadId]);
        (await workspace.DrillAsync("agents", $"first-responses:{_ben.UserId}", Week)).Should().Equal(_c2.ThreadId);
        (await workspace.DrillAsync("agents", "first-responses", Week)).Should().Equal(_c3.ThreadId, _c2.ThreadId, _c1.ThreadId, _c5.ThreadId);
        (await workspace.DrillAsync("agents", "resolved", Week)).Should().Equal(_c2.ThreadId, _c1.ThreadId);
        (await workspace.DrillAsync("agents", $"rated:{_ada.UserId}", Week)).Should().Equal(_c1.ThreadId);
        var unknown = () => workspace.DrillAsync("agents", "nonsense", Week);
        (await unknown.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("handled");
    }

    [Fact]
    public async Task Run_OneAgent_OnlyTheirRowAndFigures()
    {
        var report = await workspace.RunAsync("agents", Week with { AgentId = _ben.UserId });

        report.Figures.Select(f => (f.Key, f.Value)).Should().Equal(
            ("handled", 1), ("first-responses", 1), ("median-first-response", 600), ("median-first-response-business", 600),
            ("resolved", 1), ("csat", 3), ("online", 28800));
        report.Tables[0].Rows.Select(r => r.Cells[0].Text).Should().Equal("Ben");
    }
}
