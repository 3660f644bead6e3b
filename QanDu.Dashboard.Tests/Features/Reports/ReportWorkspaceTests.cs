using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// Every figure of the conversations, responsiveness and satisfaction reports against the workspace computed by hand in
/// <see cref="ReportWorkspace"/> (its comment holds the computation): across the daylight-saving change, with a channel
/// in business hours, the assistant's hand-off, a reopen, and conversations just outside the range.
/// </summary>
public sealed class ReportWorkspaceTests(ReportWorkspace w) : IClassFixture<ReportWorkspace>
{
    private ReportService Reports => w.Factory.Services.GetRequiredService<ReportService>();

    private Task<ReportResult> RunAsync(string name, ReportQuery? query = null) => Reports.RunAsync(w.Supervisor, name, query ?? ReportWorkspace.Query);

    private Task<IReadOnlyList<long>> DrillAsync(string name, string key, ReportQuery? query = null) =>
        Reports.DrillAsync(w.Supervisor, name, key, query ?? ReportWorkspace.Query);

    private long[] Ids(params string[] names) => [.. names.Select(n => w.C[n])];

    private static (double? Value, double? Previous) Figure(ReportResult r, string key)
    {
        var figure = r.Figures.Single(f => f.Key == key);
        return (figure.Value, figure.Previous);
    }

    /// <summary>A table as rows of (first column's text → the other columns' values).</summary>
    private static Dictionary<string, double?[]> Table(ReportResult r, string key) =>
        r.Tables.Single(t => t.Key == key).Rows.ToDictionary(row => row.Cells[0].Text!, row => row.Cells.Skip(1).Select(c => c.Value).ToArray());

    [Fact]
    public async Task Conversations_counts_new_resolved_and_reopened_in_the_Berlin_range_against_the_previous_period()
    {
        var r = await RunAsync("conversations");

        Figure(r, "new").Should().Be((6, 2));
        Figure(r, "resolved").Should().Be((7, 1));
        Figure(r, "reopened").Should().Be((1, 0));
        (await DrillAsync("conversations", "new")).Should().BeEquivalentTo(Ids("C6", "C5", "C4", "C3", "C2", "C1"), o => o.WithStrictOrdering());
        (await DrillAsync("conversations", "resolved")).Should().BeEquivalentTo(Ids("C5", "C2", "C4", "C3", "C1", "C9"), o => o.WithStrictOrdering(),
            "each conversation once, by its last resolve in the range");
        (await DrillAsync("conversations", "reopened")).Should().Equal(Ids("C5"));
    }

    [Fact]
    public async Task Conversations_break_down_by_channel_team_label_and_the_agent_at_resolve()
    {
        var r = await RunAsync("conversations");

        Table(r, "by-channel").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["Web"] = [4, 4, 0],
            ["Shop"] = [2, 3, 1],
        });
        Table(r, "by-team").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["Support"] = [1, 1, 0],
            ["No team"] = [5, 6, 1],
        });
        Table(r, "by-label").Should().BeEquivalentTo(new Dictionary<string, double?[]> { ["billing"] = [2, 3, 1] });
        Table(r, "by-agent").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["Ada"] = [4],
            ["Ben"] = [2],
            ["Unassigned"] = [1],
        });
        r.Tables.Single(t => t.Key == "by-agent").Rows.Select(row => row.Cells[0].Text).Should().Equal("Ada", "Ben", "Unassigned");

        var shop = r.Tables.Single(t => t.Key == "by-channel").Rows.Single(row => row.Cells[0].Text == "Shop");
        shop.Cells[1].Link.Should().StartWith($"/reports/conversations/drill/new%3Achannel-{w.Shop}?from=2026-03-28&to=2026-03-30&tz=Europe%2FBerlin");
        (await DrillAsync("conversations", $"new:channel-{w.Shop}")).Should().Equal(Ids("C5", "C2"));
        (await DrillAsync("conversations", $"resolved:agent-{w.Ben.UserId}")).Should().Equal(Ids("C2", "C9"));
        (await DrillAsync("conversations", "resolved:agent-none")).Should().Equal(Ids("C4"));
        (await DrillAsync("conversations", $"reopened:label-{w.Billing}")).Should().Equal(Ids("C5"));
        (await DrillAsync("conversations", "new:team-none")).Should().Equal(Ids("C6", "C5", "C4", "C3", "C2"));
    }

    [Fact]
    public async Task Busiest_hours_place_each_new_conversation_at_its_Berlin_weekday_and_hour_across_the_clock_change()
    {
        var r = await RunAsync("conversations");
        var heat = r.Tables.Single(t => t.Key == "busiest-hours");

        heat.Chart.Should().Be(ReportChart.HeatMap);
        heat.Columns.Should().HaveCount(25);
        heat.Rows.Select(row => row.Cells[0].Text).Should().Equal("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
        var filled = heat.Rows.SelectMany(row => row.Cells.Skip(1).Select((cell, hour) => (Day: row.Cells[0].Text, Hour: hour, cell.Value)))
            .Where(c => c.Value > 0).Select(c => $"{c.Day} {c.Hour:00}: {c.Value}");
        filled.Should().BeEquivalentTo("Saturday 10: 1", "Saturday 11: 1", "Sunday 01: 1", "Sunday 12: 1", "Monday 08: 1", "Monday 23: 1");
        heat.Rows[5].Cells[11].Link.Should().Contain("/drill/hour%3A6-10?");
        (await DrillAsync("conversations", "hour:6-10")).Should().Equal(Ids("C1"));
        (await DrillAsync("conversations", "hour:1-23")).Should().Equal(Ids("C6"));
    }

    [Fact]
    public async Task Responsiveness_measures_first_response_and_resolution_medians_and_p90_in_calendar_and_business_time()
    {
        var r = await RunAsync("responsiveness");

        Figure(r, "first-response-median").Should().Be((3600, 120));
        Figure(r, "first-response-p90").Should().Be((163800, 120));
        Figure(r, "first-response-business-median").Should().Be((1800, 120));
        Figure(r, "first-response-business-p90").Should().Be((3600, 120));
        Figure(r, "first-responses").Should().Be((5, 1));
        Figure(r, "resolution-median").Should().Be((4800, 1200));
        Figure(r, "resolution-p90").Should().Be((165600, 1200));
        Figure(r, "resolution-business-median").Should().Be((3600, 1200));
        Figure(r, "resolution-business-p90").Should().Be((5400, 1200));
        Figure(r, "replies-per-resolution").Should().Be((8.0 / 7, 1));
        Figure(r, "sla-breaches").Should().Be((1, 0));
        (await DrillAsync("responsiveness", "first-response")).Should().Equal(Ids("C2", "C5", "C3", "C1", "C9"));
        (await DrillAsync("responsiveness", "resolution")).Should().Equal(Ids("C5", "C2", "C4", "C3", "C1", "C9"));
        (await DrillAsync("responsiveness", "sla-breaches")).Should().Equal(Ids("C2"));
    }

    [Fact]
    public async Task The_assistants_first_answers_are_reported_apart_and_do_not_count_as_a_persons()
    {
        var r = await RunAsync("responsiveness");

        Figure(r, "assistant-first-response-median").Should().Be((10, null));
        Figure(r, "assistant-first-responses").Should().Be((2, 0));
        (await DrillAsync("responsiveness", "first-response-assistant")).Should().Equal(Ids("C4", "C3"));
    }

    [Fact]
    public async Task Responsiveness_by_Berlin_day_and_by_channel()
    {
        var r = await RunAsync("responsiveness");

        // first responses, median, median (business), resolutions, median, median (business)
        Table(r, "by-day").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["2026-03-28"] = [2, 300, 300, 2, 1800, 1800],
            ["2026-03-29"] = [1, 3600, 3600, 2, 600, 600],
            ["2026-03-30"] = [2, 4200, 600, 3, 4800, 3600],
        });
        Table(r, "by-channel").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["Web"] = [3, 3600, 3600, 4, 1800, 1800],
            ["Shop"] = [2, 4200, 600, 3, 4800, 3600],
        });
        (await DrillAsync("responsiveness", "first-response:day-2026-03-28")).Should().Equal(Ids("C1", "C9"));
        (await DrillAsync("responsiveness", $"resolution:channel-{w.Shop}")).Should().Equal(Ids("C5", "C2"));
    }

    [Fact]
    public async Task Satisfaction_reports_csat_response_rate_distribution_and_comments_linked_to_their_conversation()
    {
        var r = await RunAsync("satisfaction");

        Figure(r, "csat").Should().Be((3.5, 4));
        Figure(r, "ratings").Should().Be((4, 1));
        Figure(r, "response-rate").Should().Be((400.0 / 6, 100));
        Figure(r, "resolved").Should().Be((6, 1));
        Table(r, "distribution").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["1 star"] = [0, 0],
            ["2 stars"] = [1, 25],
            ["3 stars"] = [1, 25],
            ["4 stars"] = [1, 25],
            ["5 stars"] = [1, 25],
        });
        Table(r, "by-day").Should().BeEquivalentTo(new Dictionary<string, double?[]>
        {
            ["2026-03-28"] = [5, 1],
            ["2026-03-29"] = [4, 1],
            ["2026-03-30"] = [2.5, 2],
        });
        var comments = r.Tables.Single(t => t.Key == "comments").Rows;
        comments.Select(row => (row.Cells[0].Text, row.Cells[1].Text, row.Cells[2].Value, row.Cells[3].Text)).Should().Equal(
            ("2026-03-30 15:05", "C5", 3, "Had to write twice, \"again\""),
            ("2026-03-30 10:10", "C2", 2, "=Waited all weekend"),
            ("2026-03-28 10:40", "C1", 5, "Quick and kind"));
        comments[0].Cells[3].Link.Should().Be($"/threads/{w.C["C5"]}");
        (await DrillAsync("satisfaction", "rating-4")).Should().Equal(Ids("C4"));
        (await DrillAsync("satisfaction", "resolved-rated")).Should().Equal(Ids("C5", "C2", "C4", "C1"));
    }

    [Fact]
    public async Task Filters_narrow_every_report_to_a_channel_team_agent_or_label()
    {
        var q = ReportWorkspace.Query;
        Figure(await RunAsync("conversations", q with { ChannelId = w.Shop }), "new").Should().Be((2, 0));
        Figure(await RunAsync("conversations", q with { TeamId = w.Support }), "new").Should().Be((1, 0));
        Figure(await RunAsync("conversations", q with { LabelId = w.Billing }), "resolved").Should().Be((3, 0));
        Figure(await RunAsync("conversations", q with { AgentId = w.Ada.UserId }), "new").Should().Be((3, 1), "C1 C3 C5 are Ada's now; C8 before");
        // Shop alone: first responses C2 163800 and C5 4200 → median (rank 1) 4200; p90 (rank 2) 163800.
        var shop = await RunAsync("responsiveness", q with { ChannelId = w.Shop });
        Figure(shop, "first-response-median").Should().Be((4200, null));
        Figure(shop, "first-response-p90").Should().Be((163800, null));
        // Ben's conversations (C2, C6, C7, C9): the one rating in the range is C2's 2; resolved C2 C9, rated C2 → 50 %.
        var ben = await RunAsync("satisfaction", q with { AgentId = w.Ben.UserId });
        Figure(ben, "csat").Should().Be((2, null));
        Figure(ben, "response-rate").Should().Be((50, null));
    }

    [Fact]
    public async Task Agents_are_refused_reports_and_unknown_drill_keys_are_named()
    {
        var asAgent = () => Reports.RunAsync(w.Agent, "conversations", ReportWorkspace.Query);
        await asAgent.Should().ThrowAsync<ChatForbiddenException>();
        var unknown = () => DrillAsync("conversations", "closed");
        (await unknown.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("'closed'");
        var badHour = () => DrillAsync("conversations", "hour:8-10");
        (await badHour.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("weekday");
    }
}
