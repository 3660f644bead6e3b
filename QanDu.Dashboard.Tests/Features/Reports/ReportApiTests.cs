using System.Net;
using System.Text.Json;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// <c>/api/reports</c> over real HTTP against the hand-computed workspace (<see cref="ReportWorkspace"/>): the same
/// figures as JSON and as CSV, the drill-down, and the refusals (401, 403, 404, 400 naming the problem).
/// </summary>
public sealed class ReportApiTests(ReportWorkspace w) : IClassFixture<ReportWorkspace>
{
    private const string Range = "from=2026-03-28&to=2026-03-30&tz=Europe/Berlin";

    [Fact]
    public async Task A_supervisor_gets_the_report_as_json_with_the_figures_of_the_screen()
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var response = await client.GetAsync($"/api/reports/responsiveness?{Range}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        root.GetProperty("name").GetString().Should().Be("responsiveness");
        root.GetProperty("query").GetProperty("timeZone").GetString().Should().Be("Europe/Berlin");
        var figure = root.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "first-response-median");
        figure.GetProperty("value").GetDouble().Should().Be(3600);
        figure.GetProperty("previous").GetDouble().Should().Be(120);
        figure.GetProperty("link").GetString().Should().Be("/reports/responsiveness/drill/first-response?from=2026-03-28&to=2026-03-30&tz=Europe%2FBerlin");
    }

    [Fact]
    public async Task Filters_in_the_url_narrow_the_report()
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var response = await client.GetAsync($"/api/reports/conversations?{Range}&channel={w.Shop}&agent={w.Ada.UserId}");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var figure = json.RootElement.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "new");
        figure.GetProperty("value").GetDouble().Should().Be(1, "C5 is the one Shop conversation of Ada's in the range");
    }

    [Fact]
    public async Task Csv_exports_a_chosen_table_with_the_same_numbers_quoted_and_formula_safe()
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var byChannel = await client.GetAsync($"/api/reports/conversations?{Range}&format=csv");
        byChannel.StatusCode.Should().Be(HttpStatusCode.OK);
        byChannel.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        byChannel.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("conversations-2026-03-28-to-2026-03-30-by-channel.csv");
        (await byChannel.Content.ReadAsStringAsync()).Should().Be("Channel,New,Resolved,Reopened\r\nWeb,4,4,0\r\nShop,2,3,1\r\n");

        var comments = await (await client.GetAsync($"/api/reports/satisfaction?{Range}&format=csv&table=comments")).Content.ReadAsStringAsync();
        comments.Should().Be(
            "Rated at (Europe/Berlin),Conversation,Rating,Comment\r\n" +
            "2026-03-30 15:05,C5,3,\"Had to write twice, \"\"again\"\"\"\r\n" +
            "2026-03-30 10:10,C2,2,'=Waited all weekend\r\n" +
            "2026-03-28 10:40,C1,5,Quick and kind\r\n");

        var figures = await (await client.GetAsync($"/api/reports/responsiveness?{Range}&format=csv&table=figures")).Content.ReadAsStringAsync();
        figures.Should().Contain("\r\nreplies-per-resolution,Replies per resolution,1.1428571428571428,1,ratio\r\n")
            .And.Contain("\r\nassistant-first-response-median,First response, median (assistant),10,,seconds\r\n".Replace("First response, median (assistant)", "\"First response, median (assistant)\""));
    }

    [Fact]
    public async Task The_drill_down_lists_the_conversations_behind_a_figure()
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var drill = await (await client.GetAsync($"/api/reports/conversations/drill/resolved:agent-{w.Ada.UserId}?{Range}")).ReadAsync<ReportDrill>();

        drill.Conversations.Select(c => c.Id).Should().Equal(w.C["C5"], w.C["C3"], w.C["C1"]);
        drill.Conversations[0].Should().BeEquivalentTo(new { Title = "C5", Status = "resolved", Channel = "Shop", Assignee = "Ada", Url = $"/threads/{w.C["C5"]}" });
        var limited = await (await client.GetAsync($"/api/reports/conversations/drill/new?{Range}&limit=2")).ReadAsync<ReportDrill>();
        limited.Conversations.Select(c => c.Title).Should().Equal("C6", "C5");
    }

    [Fact]
    public async Task Anonymous_callers_get_401_and_agents_403()
    {
        var anonymous = w.Factory.CreateClient();
        (await anonymous.GetAsync($"/api/reports/conversations?{Range}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"/api/reports/conversations/drill/new?{Range}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var agent = await w.Factory.CreateClientForAsync(w.Agent);
        var refused = await agent.GetAsync($"/api/reports/conversations?{Range}");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.ReadProblemAsync()).Detail.Should().Contain("supervisors and admins");
        (await agent.GetAsync($"/api/reports/conversations/drill/new?{Range}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/reports/conversations?from=2026-03-28&to=2026-31-03", "to", "is not a date as yyyy-MM-dd")]
    [InlineData("/api/reports/conversations?to=2026-03-30", "from", "from is required")]
    [InlineData("/api/reports/conversations?from=2026-03-30&to=2026-03-28", "to", "ends (2026-03-28) before it starts")]
    [InlineData("/api/reports/conversations?from=2025-01-01&to=2026-03-28", "to", "at most 366 days")]
    [InlineData("/api/reports/conversations?from=2026-03-28&to=2026-03-30&tz=Mars/Olympus", "timeZone", "Unknown time zone 'Mars/Olympus'")]
    [InlineData("/api/reports/conversations?from=2026-03-28&to=2026-03-30&channel=web", "channel", "is not an id")]
    [InlineData("/api/reports/conversations?from=2026-03-28&to=2026-03-30&format=xlsx", "format", "use json or csv")]
    [InlineData("/api/reports/conversations?from=2026-03-28&to=2026-03-30&format=csv&table=by-moon", "table", "tables: figures, by-channel, by-team")]
    [InlineData("/api/reports/conversations/drill/closed?from=2026-03-28&to=2026-03-30", "key", "no figure 'closed'")]
    public async Task Bad_queries_answer_400_naming_the_problem(string url, string field, string message)
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey(field);
        problem.Errors[field].Single().Should().Contain(message);
    }

    [Fact]
    public async Task An_unknown_report_is_404()
    {
        var client = await w.Factory.CreateClientForAsync(w.Supervisor);

        var response = await client.GetAsync($"/api/reports/happiness?{Range}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Contain("happiness");
    }
}
