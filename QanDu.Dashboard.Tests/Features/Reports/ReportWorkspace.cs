using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// The known workspace of the report tests: one app (real SQLite) with ten customer conversations whose every report
/// figure is computed by hand below. The range is 2026-03-28 … 2026-03-30 in Europe/Berlin, across the daylight-saving
/// change of Sunday 2026-03-29 (02:00 CET → 03:00 CEST): the range is [2026-03-27 23:00Z, 2026-03-30 22:00Z); the
/// previous period 2026-03-25 … 2026-03-27 is [2026-03-24 23:00Z, 2026-03-27 23:00Z).
///
/// Channels: Web (UTC, no business hours = around the clock); Shop (Europe/Berlin, Mon–Fri 09:00–17:00). Team Support.
/// Label billing. Agents Ada and Ben; a supervisor Sue; an agent Al (for 403). 2026-03-28 is a Saturday.
///
/// <code>
/// id  channel assignee team     label   facts (UTC)                                                   local (Berlin)
/// C1  Web     Ada      Support  billing created 03-28 09:00; Ada 09:05, 09:20; resolved 09:30 (Ada);   Sat 10:00 CET
///                                       rated 5 "Quick and kind" 09:40
/// C2  Shop    Ben      –        –       created 03-28 10:00; Ben 03-30 07:30, 07:50; breach               Sat 11:00 CET
///                                       first-response 03-30 07:15; resolved 03-30 08:00 (Ben);
///                                       rated 2 "=Waited all weekend" 03-30 08:10
/// C3  Web     Ada      –        –       created 03-29 00:30; assistant 00:30:20; hand-off 00:35;          Sun 01:30 CET
///                                       Ada 01:35 (03:35 CEST: 2 h on the wall clock, 1 h really);
///                                       resolved 02:05 (Ada)
/// C4  Web     –        –        –       created 03-29 10:00; assistant 10:00:10; resolved 10:10           Sun 12:00 CEST
///                                       (unassigned); rated 4 10:15 (no comment)
/// C5  Shop    Ada      –        billing created 03-30 06:00; Ada 07:10; resolved 07:20 (Ada);             Mon 08:00 CEST
///                                       customer + reopened 12:00; Ada 12:30; resolved 13:00 (Ada);
///                                       rated 3 "Had to write twice, \"again\"" 13:05
/// C6  Web     Ben      –        –       created 03-30 21:30 (no reply)                                    Mon 23:30 CEST
/// C7  Web     Ben      –        –       created 03-30 22:30 — 03-31 00:30 in Berlin: outside the range     Tue 00:30 CEST
/// C8  Web     Ada      –        –       created 03-26 12:00; Ada 12:02; resolved 12:20 (Ada); rated 4     previous period
///                                       12:30
/// C9  Web     Ben      –        –       created 03-27 22:30 (23:30 CET: previous period); Ben 23:30       reply and resolve
///                                       (03-28 00:30 CET); resolved 03-28 00:00 (Ben)                     in the range
/// </code>
/// Hand computation (seconds; nearest-rank: rank ⌈p·n/100⌉ of the sorted values):
/// <list type="bullet">
/// <item>New: C1 C2 C3 C4 C5 C6 = 6 (C7 after the range; C9 before it); previous C8 C9 = 2.</item>
/// <item>Resolved (each resolve): C9 C1 C3 C4 C2 C5 C5 = 7; previous C8 = 1. Reopened: C5 = 1; previous 0.</item>
/// <item>By channel: Web new 4 (C1 C3 C4 C6), resolved 4 (C9 C1 C3 C4), reopened 0; Shop new 2, resolved 3, reopened 1.</item>
/// <item>By team: Support new 1 resolved 1; No team new 5 resolved 6 reopened 1. By label: billing new 2 resolved 3 reopened 1.</item>
/// <item>Resolved by agent (assignee at resolve): Ada 4 (C1 C3 C5 C5), Ben 2 (C2 C9), Unassigned 1 (C4).</item>
/// <item>Busiest hours (new, Berlin): Sat 10 (C1), Sat 11 (C2), Sun 01 (C3), Sun 12 (C4), Mon 08 (C5), Mon 23 (C6).</item>
/// <item>First response, person (counted where the reply falls): C9 3600, C1 300, C3 3600 (from the hand-off), C2 163800
///   (Sat 10:00Z → Mon 07:30Z), C5 4200. Sorted 300 3600 3600 4200 163800: median (rank 3) 3600, p90 (rank 5) 163800.
///   Business hours: C9 3600, C1 300, C3 3600 (Web is always open), C2 1800 (Shop opens Mon 07:00Z), C5 600 → sorted
///   300 600 1800 3600 3600: median 1800, p90 3600. Previous: C8 120.</item>
/// <item>First response, assistant (from creation): C3 20, C4 10 → median (rank 1) 10; count 2; previous none.</item>
/// <item>Resolution (each resolve, from the clock start or the reopen): C9 5400, C1 1800, C3 5400 (from the hand-off),
///   C4 600, C2 165600, C5 4800 then 3600 → sorted 600 1800 3600 4800 5400 5400 165600: median (rank 4) 4800, p90 (rank 7)
///   165600. Business: 5400 1800 5400 600 3600 (C2: Mon 07:00Z → 08:00Z) 1200 (C5: 07:00Z → 07:20Z) 3600 → sorted
///   600 1200 1800 3600 3600 5400 5400: median 3600, p90 5400. Previous: C8 1200.</item>
/// <item>Replies per resolution: C9 1, C1 2, C3 1, C4 0, C2 2, C5 1, C5 1 = 8 / 7 resolves; previous 1 / 1.</item>
/// <item>SLA breaches: 1 (C2); previous 0.</item>
/// <item>By day (Berlin): 03-28 first responses C9 C1 → [300, 3600] median 300; resolves C9 C1 → [1800, 5400] median 1800.
///   03-29: first response C3 3600; resolves C3 C4 → [600, 5400] median 600. 03-30: first responses C2 C5 → [4200, 163800]
///   median 4200, business [600, 1800] median 600; resolves C2 C5 C5 → [3600, 4800, 165600] median 4800, business
///   [1200, 3600, 3600] median 3600.</item>
/// <item>CSAT: ratings in the range C1 5, C4 4, C2 2, C5 3 → 14 / 4 = 3.5; previous C8 4. Distribution 1:0 2:1 3:1 4:1
///   5:1. Response rate: resolved conversations C9 C1 C3 C4 C2 C5 = 6, of which rated C1 C4 C2 C5 = 4 → 66.67 %;
///   previous 1 of 1 = 100 %. Comments, newest first: C5, C2, C1.</item>
/// </list>
/// </summary>
public sealed class ReportWorkspace : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();

    public ChatCaller Supervisor { get; private set; } = null!;
    public ChatCaller Agent { get; private set; } = null!;
    public ChatCaller Ada { get; private set; } = null!;
    public ChatCaller Ben { get; private set; } = null!;
    public long Web { get; private set; }
    public long Shop { get; private set; }
    public long Support { get; private set; }
    public long Billing { get; private set; }
    public Dictionary<string, long> C { get; } = [];

    public static readonly ReportQuery Query = new(new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 30), "Europe/Berlin");

    private static DateTime Utc(int month, int day, int hour, int minute, int second = 0) => new(2026, month, day, hour, minute, second, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        Supervisor = await Factory.CreateUserAsync("Sue", Roles.Supervisor);
        Agent = await Factory.CreateUserAsync("Al", Roles.Agent);
        Ada = await Factory.CreateUserAsync("Ada", Roles.Agent);
        Ben = await Factory.CreateUserAsync("Ben", Roles.Agent);
        var w = new ReportWorkspaceBuilder(Factory);
        Web = await w.ChannelAsync("Web", "UTC");
        BusinessHoursSlot Open(DayOfWeek day) => new(day, new TimeOnly(9, 0), new TimeOnly(17, 0));
        Shop = await w.ChannelAsync("Shop", "Europe/Berlin",
            Open(DayOfWeek.Monday), Open(DayOfWeek.Tuesday), Open(DayOfWeek.Wednesday), Open(DayOfWeek.Thursday), Open(DayOfWeek.Friday));
        Support = await w.TeamAsync("Support");
        Billing = await w.LabelAsync("billing");
        string ada = Ada.UserId, ben = Ben.UserId;

        C["C1"] = await w.ConversationAsync("C1", Web, Utc(3, 28, 9, 0), s => s
            .Agent(ada, Utc(3, 28, 9, 5)).Agent(ada, Utc(3, 28, 9, 20)).Resolve(Utc(3, 28, 9, 30), ada).Rate(Utc(3, 28, 9, 40), 5, ada),
            assigneeId: ada, teamId: Support, labels: [Billing], rating: 5, ratingComment: "Quick and kind");
        C["C2"] = await w.ConversationAsync("C2", Shop, Utc(3, 28, 10, 0), s => s
            .Breach(Utc(3, 30, 7, 15), "first-response").Agent(ben, Utc(3, 30, 7, 30)).Agent(ben, Utc(3, 30, 7, 50))
            .Resolve(Utc(3, 30, 8, 0), ben).Rate(Utc(3, 30, 8, 10), 2, ben),
            assigneeId: ben, rating: 2, ratingComment: "=Waited all weekend");
        C["C3"] = await w.ConversationAsync("C3", Web, Utc(3, 29, 0, 30), s => s
            .Assistant(Utc(3, 29, 0, 30, 20)).HandOff(Utc(3, 29, 0, 35)).Agent(ada, Utc(3, 29, 1, 35)).Resolve(Utc(3, 29, 2, 5), ada),
            assigneeId: ada);
        C["C4"] = await w.ConversationAsync("C4", Web, Utc(3, 29, 10, 0), s => s
            .Assistant(Utc(3, 29, 10, 0, 10)).Resolve(Utc(3, 29, 10, 10), null).Rate(Utc(3, 29, 10, 15), 4, null),
            rating: 4);
        C["C5"] = await w.ConversationAsync("C5", Shop, Utc(3, 30, 6, 0), s => s
            .Agent(ada, Utc(3, 30, 7, 10)).Resolve(Utc(3, 30, 7, 20), ada)
            .Customer(Utc(3, 30, 12, 0)).Reopen(Utc(3, 30, 12, 0)).Agent(ada, Utc(3, 30, 12, 30)).Resolve(Utc(3, 30, 13, 0), ada)
            .Rate(Utc(3, 30, 13, 5), 3, ada),
            assigneeId: ada, labels: [Billing], rating: 3, ratingComment: "Had to write twice, \"again\"");
        C["C6"] = await w.ConversationAsync("C6", Web, Utc(3, 30, 21, 30), _ => { }, assigneeId: ben);
        C["C7"] = await w.ConversationAsync("C7", Web, Utc(3, 30, 22, 30), _ => { }, assigneeId: ben);
        C["C8"] = await w.ConversationAsync("C8", Web, Utc(3, 26, 12, 0), s => s
            .Agent(ada, Utc(3, 26, 12, 2)).Resolve(Utc(3, 26, 12, 20), ada).Rate(Utc(3, 26, 12, 30), 4, ada),
            assigneeId: ada, rating: 4);
        C["C9"] = await w.ConversationAsync("C9", Web, Utc(3, 27, 22, 30), s => s
            .Agent(ben, Utc(3, 27, 23, 30)).Resolve(Utc(3, 28, 0, 0), ben),
            assigneeId: ben);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
