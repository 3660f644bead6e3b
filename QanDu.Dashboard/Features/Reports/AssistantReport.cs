using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Reports;

/// <summary>
/// The assistant: answers given, conversations resolved without a person, hand-offs by reason, thumbs up and down,
/// what agents did with suggestions, and the questions it could not answer grouped by topic (the question's intent).
/// </summary>
public sealed class AssistantReport(IDbContextFactory<ChatDbContext> dbFactory) : IReport
{
    public string Name => "assistant";

    public string Title => "Assistant";

    public async Task<ReportResult> RunAsync(ReportQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = await CountsAsync(db, query, ct);
        var before = await CountsAsync(db, query.Previous, ct);
        var (start, end) = query.UtcRange;
        var gaps = await AssistantSql.GapsAsync(db, query, start, end, ct);
        var prevGaps = await AssistantSql.GapsAsync(db, query.Previous, query.Previous.UtcRange.Start, query.Previous.UtcRange.End, ct);
        ReportFigure Figure(string key, string label, Func<Counts, double?> value, ReportUnit unit = ReportUnit.Count, string? drill = "") =>
            new(key, label, value(now), value(before), unit, drill is null ? null : ReportLinks.Drill(Name, drill == "" ? key : drill, query));
        List<ReportFigure> figures =
        [
            Figure("answers", "Answers given", c => c.Answers),
            Figure("deflected", "Resolved without a person", c => c.Deflected),
            Figure("deflection-rate", "Share of resolved conversations resolved without a person",
                c => c.Resolved == 0 ? null : Math.Round(100.0 * c.Deflected / c.Resolved, 1), ReportUnit.Percent, "deflected"),
            Figure("handoffs", "Hand-offs", c => c.HandOffs.Values.Sum()),
            Figure("thumbs-up", "Thumbs up", c => c.Feedback.Where(f => f.Up).Sum(f => f.Count)),
            Figure("thumbs-down", "Thumbs down", c => c.Feedback.Where(f => !f.Up).Sum(f => f.Count)),
            Figure("suggestions", "Suggestions shown", c => c.Suggestions.Values.Sum()),
            .. Enum.GetValues<SuggestionOutcome>().Where(o => o != SuggestionOutcome.Shown)
                .Select(o => Figure($"suggestions-{OutcomeKey(o)}", $"Suggestions {OutcomeLabel(o).ToLowerInvariant()}", c => c.Suggestions.GetValueOrDefault(o),
                    drill: $"suggestions:{OutcomeKey(o)}")),
            new("gaps", "Questions it could not answer", gaps.Count, prevGaps.Count, ReportUnit.Count, ReportLinks.Drill(Name, "gaps", query)),
        ];
        return new ReportResult(Name, Title, query, figures, [HandOffTable(query, now), FeedbackTable(query, now), SuggestionTable(query, now), GapTable(query, gaps)]);
    }

    /// <summary>
    /// Keys: answers, deflected, handoffs (<c>:{reason}</c>), thumbs-up, thumbs-down (<c>:{where}</c>), suggestions
    /// (<c>:{outcome}</c>), gaps (<c>:{intent}</c>, <c>:none</c> for questions without an intent).
    /// </summary>
    public async Task<IReadOnlyList<long>> DrillAsync(string key, ReportQuery query, int limit, CancellationToken ct)
    {
        var parts = key.Split(':', 2);
        var detail = parts.Length == 2 ? parts[1] : null;
        var (start, end) = query.UtcRange;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        switch (parts[0])
        {
            case "answers" when detail is null:
                return await AssistantSql.ThreadsAsync(db, AssistantSql.Answers, query, start, end, limit, ct);
            case "deflected" when detail is null:
                return await AssistantSql.ThreadsAsync(db, AssistantSql.Deflected, query, start, end, limit, ct);
            case "handoffs":
                var handOffs = ReportScope.FactsOfAgent(db, query, ActivityKind.HandedOff, start, end);
                if (detail is not null)
                    handOffs = handOffs.Where(a => a.Detail == detail);
                return await handOffs.GroupBy(a => a.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(a => a.At) })
                    .OrderByDescending(g => g.At).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
            case "thumbs-up" or "thumbs-down":
                var rating = parts[0] == "thumbs-up" ? FeedbackRating.Up : FeedbackRating.Down;
                var votes = (await FeedbackAsync(db, query, start, end, ct)).Where(f => f.Rating == rating && (detail is null || f.Where == detail));
                return [.. votes.OrderByDescending(v => v.At).Select(v => v.ThreadId).Distinct().Take(limit)];
            case "suggestions":
                var suggestions = Suggestions(db, query, start, end);
                if (detail is not null)
                {
                    var outcome = Enum.GetValues<SuggestionOutcome>().Where(o => OutcomeKey(o) == detail).Select(o => (SuggestionOutcome?)o).FirstOrDefault()
                        ?? throw Unknown(key);
                    suggestions = suggestions.Where(s => s.Outcome == outcome);
                }
                return await suggestions.GroupBy(s => s.ThreadId).Select(g => new { ThreadId = g.Key, At = g.Max(s => s.CreatedAt) })
                    .OrderByDescending(g => g.At).Select(g => g.ThreadId).Take(limit).ToListAsync(ct);
            case "gaps":
                var gaps = (await AssistantSql.GapsAsync(db, query, start, end, ct)).Where(g => detail is null || TopicKey(g.Intent) == detail);
                return [.. gaps.OrderByDescending(g => g.At, StringComparer.Ordinal).Select(g => g.ThreadId).Distinct().Take(limit)];
            default:
                throw Unknown(key);
        }
    }

    private static ChatValidationException Unknown(string key) => new("key",
        $"The assistant report has no figure '{key}'; figures: answers, deflected, handoffs[:reason], thumbs-up[:where], thumbs-down[:where], suggestions[:outcome], gaps[:topic].");

    private sealed record Vote(long ThreadId, FeedbackRating Rating, string Where, DateTime At);

    private sealed record Counts(int Answers, int Deflected, int Resolved, Dictionary<string, int> HandOffs,
        List<(string Where, bool Up, int Count)> Feedback, Dictionary<SuggestionOutcome, int> Suggestions);

    private static async Task<Counts> CountsAsync(ChatDbContext db, ReportQuery query, CancellationToken ct)
    {
        var (start, end) = query.UtcRange;
        var handOffs = await ReportScope.FactsOfAgent(db, query, ActivityKind.HandedOff, start, end)
            .GroupBy(a => a.Detail).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(ct);
        var votes = await FeedbackAsync(db, query, start, end, ct);
        var suggestions = await Suggestions(db, query, start, end).GroupBy(s => s.Outcome).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new Counts(
            await AssistantSql.CountAsync(db, AssistantSql.Answers, query, start, end, false, ct),
            await AssistantSql.CountAsync(db, AssistantSql.Deflected, query, start, end, true, ct),
            await AssistantSql.CountAsync(db, AssistantSql.Resolved, query, start, end, true, ct),
            handOffs.ToDictionary(h => h.Reason ?? "unknown", h => h.Count),
            [.. votes.GroupBy(v => (v.Where, v.Rating)).Select(g => (g.Key.Where, g.Key.Rating == FeedbackRating.Up, g.Count()))],
            suggestions.ToDictionary(s => s.Key, s => s.Count));
    }

    /// <summary>
    /// Thumbs on the assistant's messages given in the range, by where: customers on its answers in their conversation
    /// (<c>customers</c>), staff on its messages in customer conversations (<c>staff-in-conversations</c>), staff on its
    /// messages in staff threads (<c>staff-threads</c>).
    /// </summary>
    private static async Task<List<Vote>> FeedbackAsync(ChatDbContext db, ReportQuery query, DateTime start, DateTime end, CancellationToken ct)
    {
        var threads = ReportScope.Threads(db, query);
        var rows = await db.AiFeedback.AsNoTracking().Where(f => f.CreatedAt >= start && f.CreatedAt < end)
            .Join(db.Messages.Where(m => m.SenderType == SenderType.Ai), f => f.MessageId, m => m.Id, (f, m) => new { f.UserId, f.Rating, f.CreatedAt, m.ThreadId })
            .Join(threads, x => x.ThreadId, t => t.Id, (x, t) => new
            {
                x.ThreadId, x.Rating, x.CreatedAt, Customer = t.ContactId != null,
                ByCustomer = db.Contacts.Any(c => c.Id == t.ContactId && c.UserId == x.UserId),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new Vote(r.ThreadId, r.Rating, r.ByCustomer ? "customers" : r.Customer ? "staff-in-conversations" : "staff-threads", r.CreatedAt))];
    }

    private static IQueryable<AiSuggestion> Suggestions(ChatDbContext db, ReportQuery query, DateTime start, DateTime end)
    {
        var suggestions = db.AiSuggestions.Where(s => s.CreatedAt >= start && s.CreatedAt < end);
        if (ReportScope.Narrowed(query))
        {
            var threads = ReportScope.Threads(db, query);
            suggestions = suggestions.Where(s => threads.Any(t => t.Id == s.ThreadId));
        }
        return suggestions;
    }

    private ReportTable HandOffTable(ReportQuery query, Counts counts) =>
        new("handoffs-by-reason", "Hand-offs by reason", ReportChart.Bar,
            [new("reason", "Reason", ReportUnit.Text), new("handoffs", "Hand-offs", ReportUnit.Count)],
            [.. counts.HandOffs.OrderByDescending(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal).Select(h => new ReportRow(
                [ReportCell.Of(h.Key), new ReportCell(h.Value, null, ReportLinks.Drill(Name, $"handoffs:{h.Key}", query))]))]);

    private ReportTable FeedbackTable(ReportQuery query, Counts counts) =>
        new("feedback", "Thumbs up and down", ReportChart.Bar,
            [new("where", "From", ReportUnit.Text), new("up", "Thumbs up", ReportUnit.Count), new("down", "Thumbs down", ReportUnit.Count)],
            [.. new[] { ("customers", "Customers, on its answers"), ("staff-in-conversations", "Staff, in customer conversations"), ("staff-threads", "Staff, in staff threads") }
                .Select(w => new ReportRow(
                [
                    ReportCell.Of(w.Item2),
                    new ReportCell(counts.Feedback.Where(f => f.Where == w.Item1 && f.Up).Sum(f => f.Count), null, ReportLinks.Drill(Name, $"thumbs-up:{w.Item1}", query)),
                    new ReportCell(counts.Feedback.Where(f => f.Where == w.Item1 && !f.Up).Sum(f => f.Count), null, ReportLinks.Drill(Name, $"thumbs-down:{w.Item1}", query)),
                ]))]);

    private ReportTable SuggestionTable(ReportQuery query, Counts counts) =>
        new("suggestions", "Suggestions by what the agent did", ReportChart.Donut,
            [new("outcome", "Outcome", ReportUnit.Text), new("suggestions", "Suggestions", ReportUnit.Count)],
            [.. Enum.GetValues<SuggestionOutcome>().Select(o => new ReportRow(
                [ReportCell.Of(OutcomeLabel(o)), new ReportCell(counts.Suggestions.GetValueOrDefault(o), null, ReportLinks.Drill(Name, $"suggestions:{OutcomeKey(o)}", query))]))]);

    private ReportTable GapTable(ReportQuery query, List<AssistantSql.Gap> gaps) =>
        new("gaps-by-topic", "Questions it could not answer, by topic", ReportChart.Bar,
            [new("topic", "Topic", ReportUnit.Text), new("questions", "Questions", ReportUnit.Count),
             new("example-1", "Example", ReportUnit.Text), new("example-2", "Example", ReportUnit.Text), new("example-3", "Example", ReportUnit.Text)],
            [.. gaps.GroupBy(g => TopicKey(g.Intent)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var examples = g.OrderByDescending(x => x.At, StringComparer.Ordinal).ThenByDescending(x => x.QuestionId).Take(3)
                    .Select(x => ReportCell.Of(x.Content, ReportScope.ConversationLink(x.ThreadId))).ToList();
                while (examples.Count < 3)
                    examples.Add(ReportCell.Of(""));
                return new ReportRow([ReportCell.Of(g.Key == "none" ? "No intent recognised" : g.Key),
                    new ReportCell(g.Count(), null, ReportLinks.Drill(Name, $"gaps:{g.Key}", query)), .. examples]);
            })]);

    private static string TopicKey(string intent) => string.IsNullOrEmpty(intent) ? "none" : intent;

    public static string OutcomeKey(SuggestionOutcome outcome) => outcome switch
    {
        SuggestionOutcome.Shown => "no-action",
        SuggestionOutcome.Inserted => "inserted",
        SuggestionOutcome.SentAsIs => "sent-as-is",
        SuggestionOutcome.Edited => "edited",
        _ => "dismissed",
    };

    private static string OutcomeLabel(SuggestionOutcome outcome) => outcome switch
    {
        SuggestionOutcome.Shown => "Shown, no action",
        SuggestionOutcome.Inserted => "Inserted, not sent",
        SuggestionOutcome.SentAsIs => "Sent as is",
        SuggestionOutcome.Edited => "Sent edited",
        _ => "Dismissed",
    };
}
