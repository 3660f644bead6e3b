using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>
/// The offline assistant proposes a change only when the person asks for it in plain words ("set priority to urgent",
/// "add the label billing") and the request offers that tool; it never decides on its own. Once the tool answered,
/// it says what happened to the request.
/// </summary>
public sealed partial class LocalChatClient
{
    /// <summary>The call to propose for this request, if the question asks for a change a tool offers.</summary>
    private static FunctionCallContent? ProposedCall(IEnumerable<ChatMessage> messages, AiChatOptions? options)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        if (list.Count == 0 || list[^1].Role == ChatRole.Tool || options?.Tools is not { Count: > 0 } tools)
            return null;
        var question = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        if (PriorityAsk().Match(question) is { Success: true } priority && Offers(tools, "set_priority"))
            return Call("set_priority", "level", priority.Groups["level"].Value.ToLowerInvariant());
        if (LabelAsk().Match(question) is { Success: true } label && Offers(tools, "add_label"))
            return Call("add_label", "name", label.Groups["name"].Value.Trim());
        return null;
    }

    /// <summary>What to say after the tool answered: the request waits for approval, or why it was refused.</summary>
    private static LocalAnswer? AfterTool(IEnumerable<ChatMessage> messages)
    {
        if (messages.LastOrDefault() is not { Role: var role } last || role != ChatRole.Tool)
            return null;
        var result = last.Contents.OfType<FunctionResultContent>().Select(r => r.Result?.ToString() ?? "").FirstOrDefault() ?? "";
        var waiting = WaitingResult().Match(result);
        return new LocalAnswer(waiting.Success
            ? $"I asked to {waiting.Groups["what"].Value}. Nothing has changed yet: it happens only when someone in this conversation approves it below."
            : $"I could not ask for that change. {result.Replace("Refused: ", "", StringComparison.Ordinal)}", null, []);
    }

    private static bool Offers(IList<AITool> tools, string name) => tools.Any(t => t.Name == name);

    private static FunctionCallContent Call(string name, string argument, string value) =>
        new("local-" + Guid.NewGuid().ToString("N")[..12], name, new Dictionary<string, object?> { [argument] = value });

    [GeneratedRegex(@"\b(?:set|change|make)\s+(?:the\s+)?priority\s+(?:to|as)\s+(?<level>low|normal|high|urgent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriorityAsk();

    [GeneratedRegex(@"\badd\s+(?:the\s+|a\s+)?label\s+[""“']?(?<name>[\p{L}\p{N}][\p{L}\p{N} _-]{0,59}?)[""”']?\s*(?:$|[.!?,;]|\s+to\b)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelAsk();

    [GeneratedRegex(@"^Waiting for an agent to approve: (?<what>.+?)\. It has NOT happened yet")]
    private static partial Regex WaitingResult();
}
