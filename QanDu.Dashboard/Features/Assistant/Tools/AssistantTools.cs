using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Labels;

namespace QanDu.Dashboard.Features.Assistant.Tools;

/// <summary>
/// The assistant's tools, created per request and bound in code to its thread and requester: none takes a thread id.
/// Reading tools read as the requester; changing tools only ask for approval (<see cref="ToolApprovalService"/>).
/// </summary>
public sealed class AssistantTools(ThreadSummarizer summarizer, AssistantKnowledge knowledge, ToolApprovalService approvals, LabelService labels)
{
    public const string Summarize = "summarize";
    public const string SearchKnowledge = "search_knowledge";
    public const string SetPriority = "set_priority";
    public const string AddLabel = "add_label";
    public const string DraftFollowUp = "draft_follow_up";

    private static readonly string[] Levels = ["low", "normal", "high", "urgent"];

    public ToolBox For(AssistantRequest request, long aiMessageId) => new(
    [
        // Reads only, so it runs without an approval. Extractive even with a remote model: the model asking reads the
        // quoted sentences itself, and a tool call must not start a second model request.
        new ThreadTool(Summarize, "Summarizes the current conversation in four parts: the problem, what was done, the outcome and what is still open (quoted sentences, with who wrote them).",
            ToolKind.ReadOnly, [],
            async (_, _, ct) => (await summarizer.SummarizeAsync(request, [], ct)).Text),
        new ThreadTool(SearchKnowledge, "Searches how the team answered similar questions before, in conversations the requester may see.",
            ToolKind.ReadOnly, [new ToolParameter("query", "What to look for, in the customer's words.")],
            async (args, _, ct) => await knowledge.FindAsync(request, args["query"], ct) is { } found
                ? found.Text
                : "Nothing relevant was found in earlier conversations."),
        new ThreadTool(SetPriority, "Asks an agent to approve setting the current conversation's priority. Nothing changes until they approve.",
            ToolKind.Changing, [new ToolParameter("level", "The new priority.", Levels)],
            (args, callId, ct) => RequestAsync(request, aiMessageId, SetPriority, args, callId, ct)),
        new ThreadTool(AddLabel, "Asks an agent to approve adding an existing label to the current conversation. Nothing changes until they approve.",
            ToolKind.Changing, [new ToolParameter("name", "The label's name.", MaxLength: 60)],
            async (args, callId, ct) =>
            {
                var names = (await labels.ListAsync(ct)).Select(l => l.Name).ToList();
                if (!names.Contains(args["name"], StringComparer.OrdinalIgnoreCase))
                    throw new ArgumentException($"There is no label named \"{args["name"]}\". Labels: {(names.Count == 0 ? "none yet" : string.Join(", ", names))}.");
                return await RequestAsync(request, aiMessageId, AddLabel, args, callId, ct);
            }),
        new ThreadTool(DraftFollowUp, "Writes a follow-up message for the agent to review and send themselves. Sends nothing.",
            ToolKind.Draft, [new ToolParameter("text", "The follow-up message, ready to send.", MaxLength: 4_000)],
            (args, _, _) => Task.FromResult("The draft is shown to the agent, who may insert and send it; nothing was sent.")),
    ]);

    private async Task<string> RequestAsync(AssistantRequest request, long aiMessageId, string tool, IReadOnlyDictionary<string, string> args,
        string? callId, CancellationToken ct)
    {
        var approval = await approvals.RequestAsync(request, aiMessageId, tool, args, callId, ct);
        return $"Waiting for an agent to approve: {ToolDescriptions.Describe(tool, approval.ArgumentsJson)}. "
               + "It has NOT happened yet; tell the agent it awaits their approval.";
    }
}

/// <summary>What came of one tool call: the result for the model, and what the person sees (a note, a draft).</summary>
public sealed record ToolOutcome(FunctionResultContent Result, string? Note, string? Draft);

/// <summary>One request's tools, and the one place where the model's tool calls are checked and handled.</summary>
public sealed class ToolBox(IReadOnlyList<ThreadTool> tools)
{
    public IList<AITool> Functions { get; } = [.. tools];

    /// <summary>
    /// Runs a reading tool, drafts, or turns a changing call into an approval request. An unknown tool, unreadable
    /// arguments or an argument the tool does not take (a thread id) runs nothing and becomes a note.
    /// </summary>
    public async Task<ToolOutcome> HandleAsync(FunctionCallContent call, CancellationToken ct)
    {
        if (call.Exception is { } unreadable)
            return Refused(call, $"The assistant asked to run {call.Name}, but its arguments could not be read ({unreadable.Message}); nothing ran.");
        var tool = tools.FirstOrDefault(t => t.Name == call.Name);
        if (tool is null)
            return Refused(call, $"The assistant asked for a tool that does not exist ({call.Name}); nothing ran.");
        var read = tool.Read(call.Arguments);
        if (read.Error is { } error)
        {
            var note = read.RefusedArgument is { } key && (key.Contains("thread", StringComparison.OrdinalIgnoreCase) || key.Contains("conversation", StringComparison.OrdinalIgnoreCase))
                ? $"The assistant asked {call.Name} to act on another conversation ({key}); tools act only on this conversation, so nothing ran."
                : $"The assistant's request to run {call.Name} was refused: {error} Nothing ran.";
            return Refused(call, note);
        }
        try
        {
            var arguments = new AIFunctionArguments(call.Arguments) { Context = new Dictionary<object, object?> { [ThreadTool.CallIdKey] = call.CallId } };
            var result = await tool.InvokeAsync(arguments, ct);
            var draft = tool.Kind == ToolKind.Draft ? read.Values["text"] : null;
            return new ToolOutcome(new FunctionResultContent(call.CallId, result), null, draft);
        }
        catch (ArgumentException ex)
        {
            return Refused(call, $"The assistant's request to run {call.Name} was refused: {ex.Message} Nothing ran.");
        }
    }

    private static ToolOutcome Refused(FunctionCallContent call, string note) =>
        new(new FunctionResultContent(call.CallId, "Refused: " + note), note, null);
}
