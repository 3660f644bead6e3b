using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant.Tools;

/// <summary>
/// Changes the assistant asked for: recorded as pending, shown as a card on its message, run once when a person in the
/// conversation approves (with the approver's rights, through <see cref="ThreadService"/>), or denied. The approvals
/// themselves are written by <see cref="AiReplyStore"/>, which claims a pending row in one conditional update, so a
/// second click or a stale card can never run it twice.
/// </summary>
public sealed class ToolApprovalService(
    IDbContextFactory<ChatDbContext> dbFactory,
    AiReplyStore replies,
    ThreadService threads,
    LabelService labels,
    ILogger<ToolApprovalService> logger)
{
    /// <summary>Records a pending change requested while answering <paramref name="request"/>, and shows its card.</summary>
    internal Task<ToolApproval> RequestAsync(AssistantRequest request, long aiMessageId, string toolName,
        IReadOnlyDictionary<string, string> arguments, string? callId, CancellationToken ct) =>
        replies.RequestApprovalAsync(request, aiMessageId, toolName, arguments, callId, ct);

    public Task<AiToolCard> ApproveAsync(ChatCaller caller, long approvalId, CancellationToken ct = default) =>
        DecideAsync(caller, approvalId, approve: true, ct);

    public Task<AiToolCard> DenyAsync(ChatCaller caller, long approvalId, CancellationToken ct = default) =>
        DecideAsync(caller, approvalId, approve: false, ct);

    private async Task<AiToolCard> DecideAsync(ChatCaller caller, long approvalId, bool approve, CancellationToken ct)
    {
        ToolApproval approval;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            approval = await db.ToolApprovals.AsNoTracking().FirstOrDefaultAsync(a => a.Id == approvalId, ct)
                       ?? throw new ChatNotFoundException($"Approval {approvalId}");
            // A hidden thread's approval answers as an unknown approval: not found, and without naming the thread.
            if (!await db.Threads.Visible(caller).AnyAsync(t => t.Id == approval.ThreadId, ct))
                throw new ChatNotFoundException($"Approval {approvalId}");
            if (!await db.Participants.AnyAsync(p => p.ThreadId == approval.ThreadId && p.UserId == caller.UserId, ct))
                throw new ChatForbiddenException("Only people in this conversation can approve or deny the assistant's changes.");
        }
        var (claimed, current) = await replies.ClaimApprovalAsync(caller, approvalId, approve ? ToolApprovalStatus.Approved : ToolApprovalStatus.Denied, ct);
        if (!claimed)
            throw new ChatConflictException($"This change was already decided ({current.ToString().ToLowerInvariant()}); it does not run again.");
        if (approve)
        {
            var (ran, result) = await RunAsync(caller, approval, ct);
            await replies.RecordRunAsync(approvalId, ran, result);
        }
        var view = approval.AiMessageId is { } messageId ? await replies.RefreshAiToolCardsAsync(messageId, CancellationToken.None) : null;
        return view?.Metadata?.Ai?.Tools?.FirstOrDefault(c => c.ApprovalId == approvalId)
               ?? new AiToolCard(approvalId, approval.ToolName, ToolDescriptions.Describe(approval.ToolName, approval.ArgumentsJson),
                   approve ? ToolApprovalStatus.Approved : ToolApprovalStatus.Denied, null, caller.DisplayName);
    }

    /// <summary>Runs the change as the approver; a refusal by the services (rights, unknown label) is a failed run, said plainly.</summary>
    private async Task<(bool Ran, string Result)> RunAsync(ChatCaller approver, ToolApproval approval, CancellationToken ct)
    {
        var arguments = ToolDescriptions.Arguments(approval.ArgumentsJson);
        try
        {
            switch (approval.ToolName)
            {
                case AssistantTools.SetPriority:
                    var level = Enum.Parse<PriorityLevel>(arguments["level"], ignoreCase: true);
                    await threads.UpdateThreadAsync(approver, approval.ThreadId, new UpdateThreadRequest(Priority: level), ct);
                    return (true, $"Priority set to {ToolDescriptions.Title(arguments["level"])}.");
                case AssistantTools.AddLabel:
                    var name = arguments["name"];
                    var label = (await labels.ListAsync(ct)).FirstOrDefault(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (label is null)
                        return (false, $"There is no label named \"{name}\" any more; an admin manages labels.");
                    await threads.AddLabelAsync(approver, approval.ThreadId, label.Id, ct);
                    return (true, $"Label \"{label.Name}\" added.");
                default:
                    return (false, $"The tool {approval.ToolName} cannot run here.");
            }
        }
        catch (Exception ex) when (ex is ChatValidationException or ChatForbiddenException or ChatNotFoundException or KeyNotFoundException or ArgumentException)
        {
            return (false, ex is ChatValidationException validation ? string.Join(" ", validation.Errors.SelectMany(e => e.Value)) : ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Approved tool {Tool} (approval {ApprovalId}) failed", approval.ToolName, approval.Id);
            return (false, $"It could not run: {ex.Message}");
        }
    }
}
