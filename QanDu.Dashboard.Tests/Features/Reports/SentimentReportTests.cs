using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using static QanDu.Dashboard.Tests.Features.Reports.FactWorkspace;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// Sentiment and intent per day in Europe/Berlin across the spring-forward change (29 March 2026: 02:00 → 03:00, UTC+1
/// → UTC+2), 28–30 March; previous period 25–27 March. Customer messages:
/// M1 27 Mar 23:30 UTC = 28 Mar 00:30 CET: positive 0.6, billing.   M2 28 Mar 22:30 UTC = 23:30 CET: negative −0.7, urgent.
/// M3 28 Mar 23:30 UTC = 29 Mar 00:30 CET: neutral 0.0, billing.    M4 29 Mar 22:30 UTC = 30 Mar 00:30 CEST: negative −0.5, no intent.
/// M5 27 Mar 22:30 UTC = 27 Mar 23:30 CET (previous period): positive 0.4. Not counted: an agent's reply (analysed), a
/// customer message not analysed yet.
/// 28 Mar: positive 1, negative 1, average −0.05; 29 Mar: neutral 1, average 0; 30 Mar: negative 1, average −0.5.
/// All: 4 messages, positive 1, neutral 1, negative 2, average (0.6 − 0.7 + 0 − 0.5) / 4 = −0.15; previous 1 positive, 0.4.
/// Intents: billing 2, urgent 1, none 1.
/// </summary>
public sealed class SentimentReportTests(SentimentReportTests.Workspace workspace) : IClassFixture<SentimentReportTests.Workspace>
{
    private static readonly ReportQuery Days = new(new DateOnly(2026, 3, 28), new DateOnly(2026, 3, 30), "Europe/Berlin");

    public sealed class Workspace : FactWorkspace
    {
        public Conversation First { get; private set; } = null!;
        public Conversation Second { get; private set; } = null!;

        protected override async Task SeedAsync()
        {
            var ada = await Factory.CreateUserAsync("Ada", Roles.Agent);
            First = await ConversationAsync(At(27, 22));
            Second = await ConversationAsync(At(28, 22));
            await MessageAsync(First, ActivityKind.CustomerMessage, At(27, 22, 30), metadata: Analysis("positive", 0.4, "billing"));
            await MessageAsync(First, ActivityKind.CustomerMessage, At(27, 23, 30), metadata: Analysis("positive", 0.6, "billing"));
            await MessageAsync(First, ActivityKind.AgentReply, At(28, 9), ada.UserId, metadata: Analysis("negative", -0.9, "urgent"));
            await MessageAsync(First, ActivityKind.CustomerMessage, At(28, 22, 30), metadata: Analysis("negative", -0.7, "urgent"));
            await MessageAsync(Second, ActivityKind.CustomerMessage, At(28, 23, 30), metadata: Analysis("neutral", 0, "billing"));
            await MessageAsync(Second, ActivityKind.CustomerMessage, At(29, 22, 30), metadata: Analysis("negative", -0.5, null));
            await MessageAsync(Second, ActivityKind.CustomerMessage, At(29, 23));
        }
    }

    [Fact]
    public async Task Run_DaysInTheQueryZoneAcrossDaylightSaving_CountsAndAverages()
    {
        var report = await workspace.RunAsync("sentiment", Days);

        report.Figures.Select(f => (f.Key, f.Value, f.Previous)).Should().Equal(
            ("messages", 4, 1), ("positive", 1, 1), ("neutral", 1, 0), ("negative", 2, 0), ("average-score", -0.15, 0.4));
        report.Tables.Single(t => t.Key == "sentiment-over-time").Rows
            .Select(r => (r.Cells[0].Text, r.Cells[1].Value, r.Cells[2].Value, r.Cells[3].Value, r.Cells[4].Value)).Should().Equal(
                ("2026-03-28", 1, 0, 1, -0.05), ("2026-03-29", 0, 1, 0, 0), ("2026-03-30", 0, 0, 1, -0.5));
        var intents = report.Tables.Single(t => t.Key == "intents-over-time");
        intents.Columns.Select(c => c.Label).Should().Equal("Day", "billing", "No intent recognised", "urgent");
        intents.Rows.Select(r => r.Cells.Skip(1).Select(c => c.Value).ToList()).Should().BeEquivalentTo(
            new[] { new double?[] { 1, 0, 1 }, [1, 0, 0], [0, 1, 0] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Drill_SentimentAndIntentOfADay_ReturnTheConversations()
    {
        (await workspace.DrillAsync("sentiment", "negative", Days)).Should().Equal(workspace.Second.ThreadId, workspace.First.ThreadId);
        (await workspace.DrillAsync("sentiment", "intent-billing:day-2026-03-29", Days)).Should().Equal(workspace.Second.ThreadId);
        (await workspace.DrillAsync("sentiment", "intent-billing:day-2026-03-28", Days)).Should().Equal(workspace.First.ThreadId);
        var outside = () => workspace.DrillAsync("sentiment", "positive:day-2026-04-01", Days);
        await outside.Should().ThrowAsync<ChatValidationException>();
    }

    [Fact]
    public void Buckets_RangeOverSixtyTwoDays_WeeksFromMondayCutAtTheRange()
    {
        var buckets = ReportBuckets.Of(new ReportQuery(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)));

        buckets[0].Should().BeEquivalentTo(new { Label = "Week of 2026-01-01", StartUtc = At(1, 0, month: 1), EndUtc = At(5, 0, month: 1) });
        buckets[1].Label.Should().Be("Week of 2026-01-05");
        buckets[^1].Should().BeEquivalentTo(new { Label = "Week of 2026-03-30", EndUtc = At(1, 0, month: 4) });
        buckets.Should().HaveCount(14);
    }
}
