using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Monitoring;

/// <summary>
/// A supervisor looking on at a customer conversation tells its agent something without the customer knowing: a private
/// note (through <see cref="MessageService"/>, like every note) that starts by mentioning the assignee, so their tab alerts
/// them. With nobody assigned it is a note for the team. Supervisors and admins only.
/// </summary>
public sealed class Whispers(MessageService messages, ThreadService threads)
{
    /// <summary>Who a whisper in <paramref name="thread"/> reaches: its assignee, else its team, else the whole team.</summary>
    public static string AudienceOf(ThreadSummary thread) =>
        thread.AssigneeName ?? (thread.TeamName is { } team ? $"the {team} team" : "the team");

    public async Task<PostOutcome> PostAsync(ChatCaller caller, PostMessageRequest request, CancellationToken ct = default)
    {
        if (!caller.SeesEveryThread() || caller.Kind == CallerKind.System)
            throw new ChatForbiddenException("Whispering is for supervisors and admins looking on at a conversation.");
        var thread = await threads.GetThreadAsync(caller, request.ThreadId, ct);
        if (!thread.IsCustomerConversation)
            throw new ChatValidationException("threadId", "Whispers are for customer conversations: everyone in a team thread already sees every message.");
        var content = request.Content ?? "";
        if (thread.AssigneeName is { } assignee && thread.AssigneeId != caller.UserId && !string.IsNullOrWhiteSpace(content))
            content = NoteMentions.Prefix(assignee, content);
        return await messages.PostAsync(caller, request with { Content = content, IsPrivate = true }, ct);
    }
}
