using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Assistant.Tools;

/// <summary>
/// Changes the assistant asked for: recorded as pending, shown as a card on its message, run once when a person in the
/// conversation approves (with the approver's rights, through <see cref="ConversationService"/> and
/// <see cref="LabelService"/>), or denied. Deciding claims the pending row in one conditional update, so a second click
/// or a stale card can never run it twice.
/// </summary>
public sealed class ToolApprovalService(
    IDbContextFactory<ChatDbContext> dbFactory,
    ConversationService chat,
    LabelService labels,
    TimeProvider clock,
    ILogger<ToolApprovalService> logger)
{
    /// <summary>Records a pending change requested while answering <paramref name="request"/>, and shows its card.</summary>
    internal async Task<ToolApproval> RequestAsync(AssistantRequest request, long aiMessageId, string toolName,
        IReadOnlyDictionary<string, string> arguments, string? callId, CancellationToken ct)
    {
        var approval = new ToolApproval
        {
            ThreadId = request.ThreadId,
            AiMessageId = aiMessageId,
            RequestedById = request.Requester.UserId,
            ToolName = toolName,
            ArgumentsJson = JsonSerializer.Serialize(arguments),
            CallId = callId,
            Status = ToolApprovalStatus.Pending,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            db.ToolApprovals.Add(approval);
            await db.SaveChangesAsync(ct);
        }
        await chat.RefreshAiToolCardsAsync(aiMessageId, ct);
        return approval;
    }

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
            await db.RequireVisibleAsync(caller, approval.ThreadId, ct); // a hidden thread's approval is 404
            if (!await db.Participants.AnyAsync(p => p.ThreadId == approval.ThreadId && p.UserId == caller.UserId, ct))
                throw new ChatForbiddenException("Only people in this conversation can approve or deny the assistant's changes.");
            var now = clock.GetUtcNow().UtcDateTime;
            var status = approve ? ToolApprovalStatus.Approved : ToolApprovalStatus.Denied;
            var claimed = await db.ToolApprovals.Where(a => a.Id == approvalId && a.Status == ToolApprovalStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, status).SetProperty(a => a.DecidedById, caller.UserId)
                    .SetProperty(a => a.DecidedAt, now), ct);
            if (claimed == 0)
            {
                var current = await db.ToolApprovals.AsNoTracking().Where(a => a.Id == approvalId).Select(a => a.Status).SingleAsync(ct);
                throw new ChatConflictException($"This change was already decided ({current.ToString().ToLowerInvariant()}); it does not run again.");
            }
        }
        if (approve)
        {
            var (ran, result) = await RunAsync(caller, approval, ct);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.ToolApprovals.Where(a => a.Id == approvalId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, ran ? ToolApprovalStatus.Ran : ToolApprovalStatus.Failed)
                .SetProperty(a => a.Result, result), CancellationToken.None);
        }
        var view = approval.AiMessageId is { } messageId ? await chat.RefreshAiToolCardsAsync(messageId, CancellationToken.None) : null;
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
                    await chat.UpdateThreadAsync(approver, approval.ThreadId, new UpdateThreadRequest(Priority: level), ct);
                    return (true, $"Priority set to {ToolDescriptions.Title(arguments["level"])}.");
                case AssistantTools.AddLabel:
                    var name = arguments["name"];
                    var label = (await labels.ListAsync(ct)).FirstOrDefault(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (label is null)
                        return (false, $"There is no label named \"{name}\" any more; an admin manages labels.");
                    await labels.AddToThreadAsync(approver, approval.ThreadId, label.Id, ct);
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
