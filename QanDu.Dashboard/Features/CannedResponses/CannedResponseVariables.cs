using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Features.CannedResponses;

/// <summary>The variables a canned response may use, and how they are filled in: <c>{{contact.name}}</c> and the like.</summary>
public static partial class CannedResponseVariables
{
    public const string ContactName = "contact.name";
    public const string ContactEmail = "contact.email";
    public const string AgentName = "agent.name";
    public const string ConversationId = "conversation.id";

    public static readonly IReadOnlyList<string> Known = [ContactName, ContactEmail, AgentName, ConversationId];

    /// <summary>
    /// Each <c>{{name}}</c> replaced by its value; a variable with no value (unknown, or empty here) stays as written and
    /// is listed in the result's unfilled names (each once, in order of appearance).
    /// </summary>
    public static (string Content, IReadOnlyList<string> Unfilled) Fill(string content, IReadOnlyDictionary<string, string?> values)
    {
        var unfilled = new List<string>();
        var filled = Variable().Replace(content, match =>
        {
            var name = match.Groups["name"].Value.ToLowerInvariant();
            if (values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
                return value;
            if (!unfilled.Contains(match.Value))
                unfilled.Add(match.Value);
            return match.Value;
        });
        return (filled, unfilled);
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Variable();
}
