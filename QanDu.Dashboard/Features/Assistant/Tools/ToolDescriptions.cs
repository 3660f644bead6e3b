using System.Text.Json;

namespace QanDu.Dashboard.Features.Assistant.Tools;

/// <summary>How a requested change reads on its approval card: "set the priority to Urgent".</summary>
public static class ToolDescriptions
{
    public static string Describe(string toolName, string argumentsJson)
    {
        var arguments = Arguments(argumentsJson);
        return toolName switch
        {
            AssistantTools.SetPriority => $"set the priority to {Title(arguments.GetValueOrDefault("level", "?"))}",
            AssistantTools.AddLabel => $"add the label \"{arguments.GetValueOrDefault("name", "?")}\"",
            _ => $"run {toolName}",
        };
    }

    public static Dictionary<string, string> Arguments(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string Title(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
