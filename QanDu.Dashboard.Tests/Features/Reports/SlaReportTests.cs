using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using static QanDu.Dashboard.Tests.Features.Reports.FactWorkspace;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// SLA compliance on a hand-computed week (Mon 2 – Sun 8 March 2026, UTC; now: 20 March). Channel open Mon–Fri
/// 09:00–17:00 UTC. Policies: "Business" (any conversation; business hours; first response 60 min, resolution 480 min)
/// and "Urgent" (priority Urgent, more specific; around the clock; first response 30 min). Ada is in Support, Ben in Billing.
/// S1 Mon 08:00 (Ada/Support): reply 09:30 ≤ due 10:00 → first met; resolved 16:00 ≤ due Mon 17:00 → resolution met.
/// S2 Mon 16:30 (Ben/Billing): reply Tue 09:45 > due Tue 09:30 (30 min Mon + 30 min Tue) → missed; resolved Tue 17:30
///    > due Tue 16:30 (0.5 h Mon + 7.5 h Tue) → missed.
/// S3 Thu 10:00, Urgent (Ada/Support): never answered → first response due Thu 10:30 (calendar) missed; Urgent sets no resolution.
/// S4 Fri 16:00 assigned Ada/Support, moved to Ben/Billing at 16:30; Ben replies Mon 9 March → first due Fri 17:00 missed,
///    credited to Ben/Billing (assigned when it fell due); its resolution falls due Mon 9 March 16:00: next week.
/// S5 Wed 10:00 (Ada/Support): resolved 10:20 without a reply → first response stopped before due (not counted);
///    resolution met (due Thu 10:00).
/// S6 (previous week) Tue 24 Feb 10:00 (Ada): reply 10:30, resolved 12:00 → both met.
/// Met 3 (S1 ×2, S5), missed 4 (S2 ×2, S3, S4) → 3/7 = 42.9 %. First response 1/4 = 25 %; resolution 2/3 = 66.7 %.
/// Ada 3/4 = 75 %, Ben 0/3 = 0 %; Support 75 %, Billing 0 %. Business 3/6 = 50 %, Urgent 0/1 = 0 %.
/// Breaches per day: Tue 3 → 2, Thu 5 → 1, Fri 6 → 1. Previous week: 2/2 = 100 %.
/// </summary>
public sealed class SlaReportTests(SlaReportTests.Workspace workspace) : IClassFixture<SlaReportTests.Workspace>
{
    private static readonly ReportQuery Week = new(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 8));

    public sealed class Workspace : FactWorkspace
    {
        public ChatCaller Ada { get; private set; } = null!;
        public ChatCaller Ben { get; private set; } = null!;
        public long Support { get; private set; }
        public long Billing { get; private set; }
        public long BusinessPolicy { get; private set; }
        public long UrgentPolicy { get; private set; }
        public Conversation S1 { get; private set; } = null!;
        public Conversation S2 { get; private set; } = null!;
        public Conversation S3 { get; private set; } = null!;
        public Conversation S4 { get; private set; } = null!;
        public Conversation S5 { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            Ada = await Factory.CreateUserAsync("Ada", Roles.Agent);
            Ben = await Factory.CreateUserAsync("Ben", Roles.Agent);
            Support = await TeamAsync("Support");
            Billing = await TeamAsync("Billing");
            var web = await ChannelAsync("Web");
            (BusinessPolicy, UrgentPolicy) = await DbAsync(async db =>
            {
                var business = new SlaPolicy
                {
                    Name = "Business", FirstResponseMinutes = 60, ResolutionMinutes = 480, BusinessHoursOnly = true, CreatedAt = At(1, 0), UpdatedAt = At(1, 0),
                };
                var urgent = new SlaPolicy { Name = "Urgent", Priority = PriorityLevel.Urgent, FirstResponseMinutes = 30, CreatedAt = At(1, 0), UpdatedAt = At(1, 0) };
                db.SlaPolicies.AddRange(business, urgent, new SlaPolicy { Name = "Old", FirstResponseMinutes = 1, Enabled = false, CreatedAt = At(1, 0), UpdatedAt = At(1, 0) });
                await db.SaveChangesAsync();
                return (business.Id, urgent.Id);
            });

            S1 = await Assigned(At(2, 8), web, Ada, Support);
            await MessageAsync(S1, ActivityKind.CustomerMessage, At(2, 8), teamId: Support);
            await MessageAsync(S1, ActivityKind.AgentReply, At(2, 9, 30), Ada.UserId, teamId: Support);
            await FactAsync(S1.ThreadId, ActivityKind.Resolved, At(2, 16), Ada.UserId, Support);

            S2 = await Assigned(At(2, 16, 30), web, Ben, Billing);
            await MessageAsync(S2, ActivityKind.CustomerMessage, At(2, 16, 30), teamId: Billing);
            await MessageAsync(S2, ActivityKind.AgentReply, At(3, 9, 45), Ben.UserId, teamId: Billing);
            await FactAsync(S2.ThreadId, ActivityKind.Resolved, At(3, 17, 30), Ben.UserId, Billing);

            S3 = await Assigned(At(5, 10), web, Ada, Support, PriorityLevel.Urgent);
            await MessageAsync(S3, ActivityKind.CustomerMessage, At(5, 10), teamId: Support);

            S4 = await Assigned(At(6, 16), web, Ada, Support);
            await MessageAsync(S4, ActivityKind.CustomerMessage, At(6, 16), teamId: Support);
            await FactAsync(S4.ThreadId, ActivityKind.Assigned, At(6, 16, 30), Ben.UserId, Billing);
            await MessageAsync(S4, ActivityKind.AgentReply, At(9, 9, 10), Ben.UserId, teamId: Billing);
            await DbAsync(db => db.Threads.Where(t => t.Id == S4.ThreadId).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.AssigneeId, Ben.UserId).SetProperty(t => t.TeamId, Billing)));

            S5 = await Assigned(At(4, 10), web, Ada, Support);
            await MessageAsync(S5, ActivityKind.CustomerMessage, At(4, 10), teamId: Support);
            await FactAsync(S5.ThreadId, ActivityKind.Resolved, At(4, 10, 20), Ada.UserId, Support);

            var s6 = await Assigned(At(24, 10, month: 2), web, Ada, Support);
            await MessageAsync(s6, ActivityKind.CustomerMessage, At(24, 10, month: 2), teamId: Support);
            await MessageAsync(s6, ActivityKind.AgentReply, At(24, 10, 30, month: 2), Ada.UserId, teamId: Support);
            await FactAsync(s6.ThreadId, ActivityKind.Resolved, At(24, 12, month: 2), Ada.UserId, Support);
        }

        /// <summary>A conversation created and assigned at <paramref name="at"/>.</summary>
        private async Task<Conversation> Assigned(DateTime at, long channel, ChatCaller agent, long team, PriorityLevel priority = PriorityLevel.Normal)
        {
            var conversation = await ConversationAsync(at, channel, team, agent.UserId, priority: priority);
            await FactAsync(conversation.ThreadId, ActivityKind.Assigned, at, agent.UserId, team);
            return conversation;
        }

        /// <summary>The breaches the monitor records: one SlaBreached fact per missed target, at its due time.</summary>
        public async Task RecordBreachesAsync()
        {
            await FactAsync(S2.ThreadId, ActivityKind.SlaBreached, At(3, 9, 30), teamId: Billing, detail: "first-response", value: (int)BusinessPolicy);
            await FactAsync(S2.ThreadId, ActivityKind.SlaBreached, At(3, 16, 30), teamId: Billing, detail: "resolution", value: (int)BusinessPolicy);
            await FactAsync(S3.ThreadId, ActivityKind.SlaBreached, At(5, 10, 30), teamId: Support, detail: "first-response", value: (int)UrgentPolicy);
            await FactAsync(S4.ThreadId, ActivityKind.SlaBreached, At(6, 17), teamId: Billing, detail: "first-response", value: (int)BusinessPolicy);
        }
    }

    [Fact]
    public async Task Run_BusinessHoursPolicy_ComplianceFiguresAndPerMetricPolicyAgentTeam()
    {
        var report = await workspace.RunAsync("sla", Week);

        report.Figures.Where(f => f.Key != "recorded").Select(f => (f.Key, f.Value, f.Previous)).Should().Equal(
            ("compliance", 42.9, 100), ("met", 3, 2), ("missed", 4, 0));
        Rows(report, "by-metric").Should().Equal(("First response", 25, 1, 3), ("Next response", null, 0, 0), ("Resolution", 66.7, 2, 1));
        Rows(report, "by-policy").Should().Equal(("Business", 50, 3, 3), ("Urgent", 0, 0, 1));
        Rows(report, "by-agent").Should().Equal(("Ada", 75, 3, 1), ("Ben", 0, 0, 3));
        Rows(report, "by-team").Should().Equal(("Billing", 0, 0, 3), ("Support", 75, 3, 1));
        report.Tables.Single(t => t.Key == "breaches-per-day").Rows.Select(r => (r.Cells[0].Text, r.Cells[1].Value)).Should().Equal(
            ("2026-03-02", 0), ("2026-03-03", 2), ("2026-03-04", 0), ("2026-03-05", 1), ("2026-03-06", 1), ("2026-03-07", 0), ("2026-03-08", 0));
    }

    [Fact]
    public async Task Drill_PerAgentTeamMetricAndDay_ReturnsTheConversationsMissedOrMet()
    {
        (await workspace.DrillAsync("sla", "missed", Week)).Should().Equal(workspace.S4.ThreadId, workspace.S3.ThreadId, workspace.S2.ThreadId);
        (await workspace.DrillAsync("sla", $"missed:agent-{workspace.Ben.UserId}", Week)).Should().Equal(workspace.S4.ThreadId, workspace.S2.ThreadId);
        (await workspace.DrillAsync("sla", $"met:team-{workspace.Support}", Week)).Should().BeEquivalentTo([workspace.S1.ThreadId, workspace.S5.ThreadId]);
        (await workspace.DrillAsync("sla", "missed:resolution", Week)).Should().Equal(workspace.S2.ThreadId);
        (await workspace.DrillAsync("sla", "missed:day-2026-03-05", Week)).Should().Equal(workspace.S3.ThreadId);
        (await workspace.DrillAsync("sla", $"missed:policy-{workspace.UrgentPolicy}", Week)).Should().Equal(workspace.S3.ThreadId);
        var unknown = () => workspace.DrillAsync("sla", "missed:weekday-3", Week);
        await unknown.Should().ThrowAsync<ChatValidationException>();
    }

    [Fact]
    public async Task Run_BreachesRecordedByTheMonitor_AgreeWithTheTargetsMissedOnTheClock()
    {
        await workspace.RecordBreachesAsync();

        var report = await workspace.RunAsync("sla", Week);

        var missed = report.Figures.Single(f => f.Key == "missed");
        report.Figures.Single(f => f.Key == "recorded").Value.Should().Be(missed.Value, "every target missed on the clock has its breach recorded");
        (await workspace.DrillAsync("sla", "recorded", Week)).Should().BeEquivalentTo(await workspace.DrillAsync("sla", "missed", Week));
        var byTeam = await workspace.DbAsync(db => db.ConversationActivity.Where(a => a.Kind == ActivityKind.SlaBreached)
            .GroupBy(a => a.TeamId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key ?? 0, g => g.Count));
        var missedByTeam = Rows(report, "by-team").ToDictionary(r => r.Name == "Billing" ? workspace.Billing : workspace.Support, r => (int)r.Missed!.Value);
        missedByTeam.Should().Equal(byTeam, "the report credits each miss to the team the monitor recorded it with");
    }

    private static List<(string? Name, double? Compliance, double? Met, double? Missed)> Rows(ReportResult report, string table) =>
        [.. report.Tables.Single(t => t.Key == table).Rows.Select(r => (r.Cells[0].Text, r.Cells[1].Value, r.Cells[2].Value, r.Cells[3].Value))];
}
