using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Reports;
using static QanDu.Dashboard.Tests.Features.Reports.FactWorkspace;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// The assistant report on a hand-computed week (Mon 2 – Sun 8 March 2026, UTC):
/// A1 question (billing), completed answer (confidence 0.9), resolved, no person → resolved without a person.
/// A2 question "How do I export invoices to Xero?" (billing), completed answer with confidence 0.55 (low), resolved, no
///    person → resolved without a person, and a question it could not answer well.
/// A3 question "Can I pay with crypto?" (billing), hand-off low-confidence (its message is the hand-off line: not an
///    answer), Ada replies, resolved → a knowledge gap.
/// A4 question "Where is my parcel?" (shipping), completed answer (0.8), the customer's thumbs down, hand-off
///    not-helpful, Ada replies, resolved → a knowledge gap.
/// A5 "I want a human" (no intent), hand-off asked-for-person, resolved → neither.
/// A6 an answer that failed, resolved with no person → not resolved without a person (nothing answered).
/// Answers 3 (A1, A2, A4). Resolved without a person 2 of 6 resolved = 33.3 %. Hand-offs 3: one per reason.
/// Thumbs: down 1 (customer on A4), up 2 (Ada on A1's answer in the conversation; Ben in a staff thread); one vote of
/// 20 Feb is outside. Suggestions created this week: 1 no action, 1 inserted, 2 sent as is, 1 edited, 1 dismissed = 6
/// shown (one more sent as is on 27 Feb: previous week). Gaps: billing 2 (A2, A3), shipping 1 (A4).
/// </summary>
public sealed class AssistantReportTests(AssistantReportTests.Workspace workspace) : IClassFixture<AssistantReportTests.Workspace>
{
    private static readonly ReportQuery Week = new(new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 8));

    public sealed class Workspace : FactWorkspace
    {
        public Conversation A1 { get; private set; } = null!;
        public Conversation A2 { get; private set; } = null!;
        public Conversation A3 { get; private set; } = null!;
        public Conversation A4 { get; private set; } = null!;
        public long EditedSuggestionThread { get; private set; }

        protected override async Task SeedAsync()
        {
            var ada = await Factory.CreateUserAsync("Ada", Roles.Agent);
            var ben = await Factory.CreateUserAsync("Ben", Roles.Agent);

            A1 = await ConversationAsync(At(2, 10), status: ThreadStatus.Archived);
            await MessageAsync(A1, ActivityKind.CustomerMessage, At(2, 10), content: "Why was I charged twice?", metadata: Analysis("negative", -0.3, "billing"));
            var a1Answer = await MessageAsync(A1, ActivityKind.AssistantReply, At(2, 10, 1), metadata: Ai(0.9));
            await FactAsync(A1.ThreadId, ActivityKind.Resolved, At(2, 10, 30));

            A2 = await ConversationAsync(At(3, 10), status: ThreadStatus.Archived);
            await MessageAsync(A2, ActivityKind.CustomerMessage, At(3, 10), content: "How do I export invoices to Xero?", metadata: Analysis("neutral", 0, "billing"));
            await MessageAsync(A2, ActivityKind.AssistantReply, At(3, 10, 1), metadata: Ai(0.55));
            await FactAsync(A2.ThreadId, ActivityKind.Resolved, At(3, 11));

            A3 = await ConversationAsync(At(4, 10), status: ThreadStatus.Archived, assigneeId: ada.UserId, handedOffAt: At(4, 10, 1));
            await MessageAsync(A3, ActivityKind.CustomerMessage, At(4, 10), content: "Can I pay with crypto?", metadata: Analysis("neutral", 0, "billing"));
            await MessageAsync(A3, ActivityKind.AssistantReply, At(4, 10, 1), metadata: Ai(null, "handoff"));
            await FactAsync(A3.ThreadId, ActivityKind.HandedOff, At(4, 10, 1), detail: "low-confidence");
            await MessageAsync(A3, ActivityKind.AgentReply, At(4, 10, 5), ada.UserId);
            await FactAsync(A3.ThreadId, ActivityKind.Resolved, At(4, 11), ada.UserId);

            A4 = await ConversationAsync(At(5, 10), status: ThreadStatus.Archived, assigneeId: ada.UserId, handedOffAt: At(5, 10, 3));
            await MessageAsync(A4, ActivityKind.CustomerMessage, At(5, 10), content: "Where is my parcel?", metadata: Analysis("negative", -0.2, "shipping"));
            var a4Answer = await MessageAsync(A4, ActivityKind.AssistantReply, At(5, 10, 1), metadata: Ai(0.8));
            await FactAsync(A4.ThreadId, ActivityKind.HandedOff, At(5, 10, 3), detail: "not-helpful");
            await MessageAsync(A4, ActivityKind.AgentReply, At(5, 10, 10), ada.UserId);
            await FactAsync(A4.ThreadId, ActivityKind.Resolved, At(5, 11), ada.UserId);

            var a5 = await ConversationAsync(At(6, 10), status: ThreadStatus.Archived, handedOffAt: At(6, 10, 1));
            await MessageAsync(a5, ActivityKind.CustomerMessage, At(6, 10), content: "I want a human");
            await FactAsync(a5.ThreadId, ActivityKind.HandedOff, At(6, 10, 1), detail: "asked-for-person");
            await FactAsync(a5.ThreadId, ActivityKind.Resolved, At(6, 11));

            var a6 = await ConversationAsync(At(7, 10), status: ThreadStatus.Archived);
            await MessageAsync(a6, ActivityKind.CustomerMessage, At(7, 10), content: "Hello?");
            await MessageAsync(a6, ActivityKind.AssistantReply, At(7, 10, 1), metadata: Ai(null, "failed"), status: MessageStatus.Failed);
            await FactAsync(a6.ThreadId, ActivityKind.Resolved, At(7, 11));

            var staffThread = await Factory.CreateGroupThreadAsync(ben, "Team room", ada);
            await DbAsync(async db =>
            {
                var staffAi = new Message
                {
                    ThreadId = staffThread, Content = "A summary", Type = MessageType.Text, SenderType = SenderType.Ai, SenderName = "Assistant",
                    Timestamp = At(3, 12), Status = MessageStatus.Sent,
                };
                db.Messages.Add(staffAi);
                await db.SaveChangesAsync();
                db.AiFeedback.AddRange(
                    new AiFeedback { MessageId = a4Answer, UserId = A4.CustomerUserId, Rating = FeedbackRating.Down, CreatedAt = At(5, 10, 2) },
                    new AiFeedback { MessageId = a1Answer, UserId = ada.UserId, Rating = FeedbackRating.Up, CreatedAt = At(2, 12) },
                    new AiFeedback { MessageId = staffAi.Id, UserId = ben.UserId, Rating = FeedbackRating.Up, CreatedAt = At(3, 12, 5) },
                    new AiFeedback { MessageId = a1Answer, UserId = ben.UserId, Rating = FeedbackRating.Down, CreatedAt = At(20, 12, month: 2) });
                AiSuggestion Suggestion(long thread, SuggestionOutcome outcome, DateTime at) =>
                    new() { ThreadId = thread, UserId = ada.UserId, Text = "Try this", Outcome = outcome, CreatedAt = at };
                db.AiSuggestions.AddRange(
                    Suggestion(A3.ThreadId, SuggestionOutcome.Shown, At(4, 10, 2)),
                    Suggestion(A3.ThreadId, SuggestionOutcome.Inserted, At(4, 10, 2)),
                    Suggestion(A3.ThreadId, SuggestionOutcome.SentAsIs, At(4, 10, 2)),
                    Suggestion(A4.ThreadId, SuggestionOutcome.SentAsIs, At(5, 10, 4)),
                    Suggestion(A4.ThreadId, SuggestionOutcome.Edited, At(5, 10, 4)),
                    Suggestion(A4.ThreadId, SuggestionOutcome.Dismissed, At(5, 10, 4)),
                    Suggestion(A3.ThreadId, SuggestionOutcome.SentAsIs, At(27, 9, month: 2)));
                await db.SaveChangesAsync();
            });
            EditedSuggestionThread = A4.ThreadId;
        }
    }

    [Fact]
    public async Task Run_HandComputedWeek_AnswersDeflectionHandOffsThumbsAndSuggestions()
    {
        var report = await workspace.RunAsync("assistant", Week);

        report.Figures.Select(f => (f.Key, f.Value, f.Previous)).Should().Equal(
            ("answers", 3, 0), ("deflected", 2, 0), ("deflection-rate", 33.3, null), ("handoffs", 3, 0), ("thumbs-up", 2, 0), ("thumbs-down", 1, 0),
            ("suggestions", 6, 1), ("suggestions-inserted", 1, 0), ("suggestions-sent-as-is", 2, 1), ("suggestions-edited", 1, 0),
            ("suggestions-dismissed", 1, 0), ("gaps", 3, 0));
        Table(report, "handoffs-by-reason").Should().Equal(("asked-for-person", 1), ("low-confidence", 1), ("not-helpful", 1));
        report.Tables.Single(t => t.Key == "feedback").Rows.Select(r => (r.Cells[0].Text, r.Cells[1].Value, r.Cells[2].Value)).Should().Equal(
            ("Customers, on its answers", 0, 1), ("Staff, in customer conversations", 1, 0), ("Staff, in staff threads", 1, 0));
        Table(report, "suggestions").Should().Equal(
            ("Shown, no action", 1), ("Inserted, not sent", 1), ("Sent as is", 2), ("Sent edited", 1), ("Dismissed", 1));
    }

    [Fact]
    public async Task Run_KnowledgeGaps_GroupedByTheQuestionsIntentWithLinkedExamples()
    {
        var report = await workspace.RunAsync("assistant", Week);

        var gaps = report.Tables.Single(t => t.Key == "gaps-by-topic").Rows;
        gaps.Select(r => (r.Cells[0].Text, r.Cells[1].Value)).Should().Equal(("billing", 2), ("shipping", 1));
        gaps[0].Cells.Skip(2).Take(2).Select(c => (c.Text, c.Link)).Should().Equal(
            ("Can I pay with crypto?", $"/threads/{workspace.A3.ThreadId}"), ("How do I export invoices to Xero?", $"/threads/{workspace.A2.ThreadId}"));
        gaps[1].Cells[2].Text.Should().Be("Where is my parcel?");
    }

    [Fact]
    public async Task Drill_DeflectionHandOffsGapsAndSuggestions_ReturnTheirConversations()
    {
        (await workspace.DrillAsync("assistant", "deflected", Week)).Should().Equal(workspace.A2.ThreadId, workspace.A1.ThreadId);
        (await workspace.DrillAsync("assistant", "answers", Week)).Should().Equal(workspace.A4.ThreadId, workspace.A2.ThreadId, workspace.A1.ThreadId);
        (await workspace.DrillAsync("assistant", "handoffs:not-helpful", Week)).Should().Equal(workspace.A4.ThreadId);
        (await workspace.DrillAsync("assistant", "gaps:billing", Week)).Should().Equal(workspace.A3.ThreadId, workspace.A2.ThreadId);
        (await workspace.DrillAsync("assistant", "thumbs-down:customers", Week)).Should().Equal(workspace.A4.ThreadId);
        (await workspace.DrillAsync("assistant", "suggestions:edited", Week)).Should().Equal(workspace.EditedSuggestionThread);
    }

    private static List<(string? Text, double? Value)> Table(ReportResult report, string key) =>
        [.. report.Tables.Single(t => t.Key == key).Rows.Select(r => (r.Cells[0].Text, r.Cells[1].Value))];
}
