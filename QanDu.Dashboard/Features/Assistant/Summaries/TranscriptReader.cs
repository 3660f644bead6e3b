using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant.Summaries;

/// <summary>
/// Reads a conversation for a summary, as the caller sees it (through <see cref="ThreadService"/> and
/// <see cref="MessageService"/>: a hidden thread is not found, a visitor never gets private notes). It leaves out what
/// is not the conversation itself: system notes, deleted messages, requests for a summary and earlier summaries.
/// </summary>
public sealed partial class TranscriptReader(ThreadService threads, MessageService messages, IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>The oldest and the newest this many messages; a longer conversation's middle is left out.</summary>
    private const int PageSize = 200;

    private static readonly Lazy<LanguageDetector> Detector = new(LanguageDetector.LoadEmbedded);

    public async Task<Transcript> ReadAsync(ChatCaller caller, long threadId, CancellationToken ct = default)
    {
        var thread = await threads.GetThreadAsync(caller, threadId, ct);
        var history = await MessagesAsync(caller, threadId, ct);
        var customers = await CustomerIdsAsync(thread.ContactId, ct);
        var opener = history.FirstOrDefault(m => m.SenderType == SenderType.User)?.SenderId;
        var lines = new List<SummaryLine>();
        var afterSummaryRequest = false;
        foreach (var message in history)
        {
            var text = message.Content.Trim();
            if (message.Deleted || message.Type == MessageType.System || message.SenderType == SenderType.System || text.Length == 0)
                continue;
            if (message.SenderType == SenderType.Ai)
            {
                // The assistant's answer to "summarize" is a summary already; summarizing it again repeats it.
                if (!afterSummaryRequest && !IsSummary(text))
                    lines.Add(new SummaryLine(SummaryRole.Assistant, message.SenderName, text, message.IsPrivate));
                continue;
            }
            afterSummaryRequest = TextWords.AsksForSummary(text);
            if (afterSummaryRequest || IsSummary(text))
                continue;
            var asker = thread.ContactId is not null ? customers.Contains(message.SenderId ?? "") : message.SenderId == opener;
            lines.Add(new SummaryLine(asker ? SummaryRole.Asker : SummaryRole.Staff, message.SenderName, text, message.IsPrivate));
        }
        return new Transcript(lines, thread.ContactId is not null, thread.Status, LanguageOf(history, lines));
    }

    /// <summary>A summary posted earlier (a private note made from the summary panel, or the Local assistant's answer).</summary>
    public static bool IsSummary(string text) => EarlierSummary().IsMatch(text);

    private async Task<List<MessageView>> MessagesAsync(ChatCaller caller, long threadId, CancellationToken ct)
    {
        var oldest = await messages.GetAfterAsync(caller, threadId, 0, PageSize, ct);
        if (!oldest.HasMore)
            return [.. oldest.Messages];
        var newest = await messages.GetHistoryAsync(caller, threadId, before: null, PageSize, ct);
        var lastOld = oldest.Messages[^1].Id;
        return [.. oldest.Messages, .. newest.Messages.Where(m => m.Id > lastOld)];
    }

    /// <summary>The customer's stand-in users: the contact's own and those of contacts merged into it.</summary>
    private async Task<HashSet<string>> CustomerIdsAsync(long? contactId, CancellationToken ct)
    {
        if (contactId is not { } id)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return [.. await db.Contacts.AsNoTracking().Where(c => c.Id == id || c.MergedIntoId == id).Select(c => c.UserId).ToListAsync(ct)];
    }

    /// <summary>The asker's language: the analysis's verdict on their messages when there is one, else detected from their text.</summary>
    private static string LanguageOf(IReadOnlyList<MessageView> history, IReadOnlyList<SummaryLine> lines)
    {
        var analysed = history.Select(m => m.Metadata?.Analysis?.Language)
            .Where(l => l is not null && l != LanguageDetector.Undetermined)
            .GroupBy(l => l!).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var askerText = string.Join("\n", lines.Where(l => l.Role == SummaryRole.Asker).Select(l => l.Text));
        var detected = askerText.Length > 0 ? Detector.Value.Detect(askerText) : LanguageDetector.Undetermined;
        return detected != LanguageDetector.Undetermined ? detected : analysed ?? "en";
    }

    [GeneratedRegex(@"^\s*(\*\*(Problem|Anliegen):\*\*|Summary of this conversation)", RegexOptions.IgnoreCase)]
    private static partial Regex EarlierSummary();
}
