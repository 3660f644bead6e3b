using System.Text.Json;
using Microsoft.Extensions.AI;

namespace QanDu.Dashboard.Features.Assistant.Tools;

public enum ToolKind
{
    /// <summary>Reads only: runs when the model asks, its result goes back to the model.</summary>
    ReadOnly,

    /// <summary>Writes a draft for the agent to insert; changes nothing.</summary>
    Draft,

    /// <summary>Changes the thread: never runs on the model's say-so, only asks for a person's approval.</summary>
    Changing,
}

/// <summary>One string argument of a tool, optionally limited to a few values.</summary>
public sealed record ToolParameter(string Name, string Description, IReadOnlyList<string>? Allowed = null, int MaxLength = 200);

/// <summary>
/// A tool bound in code to one request (thread and requester): it takes no thread id at all, and refuses any argument it
/// does not declare, a missing one, or a value outside the allowed ones. Invoking a <see cref="ToolKind.Changing"/> tool
/// only records a pending approval, so even a caller that invokes tools blindly cannot change anything with it.
/// </summary>
public sealed class ThreadTool(
    string name,
    string description,
    ToolKind kind,
    IReadOnlyList<ToolParameter> parameters,
    Func<IReadOnlyDictionary<string, string>, string?, CancellationToken, Task<string>> run) : AIFunction
{
    /// <summary>Key in <see cref="AIFunctionArguments.Context"/> carrying the model's call id.</summary>
    public const string CallIdKey = "qandu.callId";

    public override string Name => name;

    public override string Description => description;

    public ToolKind Kind => kind;

    public override JsonElement JsonSchema { get; } = JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["type"] = "object",
        ["properties"] = parameters.ToDictionary(p => p.Name, p => p.Allowed is { } allowed
            ? (object)new { type = "string", description = p.Description, @enum = allowed }
            : new { type = "string", description = p.Description }),
        ["required"] = parameters.Select(p => p.Name).ToArray(),
        ["additionalProperties"] = false,
    });

    /// <summary>The arguments as strings, or why they are refused (naming the argument).</summary>
    public ToolArguments Read(IDictionary<string, object?>? arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in arguments ?? new Dictionary<string, object?>())
        {
            if (parameters.All(p => p.Name != key))
                return ToolArguments.Refused(key, $"{name} takes no argument \"{key}\"" + (parameters.Count == 0 ? "." : $" (only {string.Join(", ", parameters.Select(p => p.Name))})."));
            values[key] = Text(value);
        }
        foreach (var parameter in parameters)
        {
            if (!values.TryGetValue(parameter.Name, out var value) || value.Trim().Length == 0)
                return ToolArguments.Refused(parameter.Name, $"{name} needs \"{parameter.Name}\".");
            value = value.Trim();
            if (value.Length > parameter.MaxLength)
                return ToolArguments.Refused(parameter.Name, $"\"{parameter.Name}\" is at most {parameter.MaxLength} characters.");
            if (parameter.Allowed is { } allowed && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
                return ToolArguments.Refused(parameter.Name, $"\"{parameter.Name}\" is one of {string.Join(", ", allowed)}, not \"{value}\".");
            values[parameter.Name] = parameter.Allowed is { } known ? known.First(a => a.Equals(value, StringComparison.OrdinalIgnoreCase)) : value;
        }
        return new ToolArguments(values, null, null);
    }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var read = Read(arguments);
        if (read.Error is { } error)
            throw new ArgumentException(error);
        var callId = arguments.Context?.TryGetValue(CallIdKey, out var id) == true ? id as string : null;
        return await run(read.Values, callId, cancellationToken);
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>Arguments read for a tool: the values, or the argument that was refused and why.</summary>
public sealed record ToolArguments(IReadOnlyDictionary<string, string> Values, string? RefusedArgument, string? Error)
{
    public static ToolArguments Refused(string argument, string error) => new(new Dictionary<string, string>(), argument, error);
}
