using System.Text.Json;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>One changed field of an entry: its value before and after, as text (null: not set on that side).</summary>
public sealed record AuditChange(string Field, string? Before, string? After);

/// <summary>Reads an entry's before and after JSON into changes, field by field, for people to read (page and CSV).</summary>
public static class AuditDiff
{
    public static IReadOnlyList<AuditChange> Changes(string? before, string? after)
    {
        var old = Fields(before);
        var @new = Fields(after);
        var names = old.Keys.Concat(@new.Keys).Distinct().ToList();
        return names.ConvertAll(name => new AuditChange(name, old.GetValueOrDefault(name), @new.GetValueOrDefault(name)));
    }

    /// <summary>The changes as one line: <c>name: Billing → Billing team; members: Ann → Ann, Bob</c>.</summary>
    public static string Describe(string? before, string? after) =>
        string.Join("; ", Changes(before, after).Select(c => c switch
        {
            { Before: null } => $"{c.Field}: {c.After}",
            { After: null } when after is null => $"{c.Field}: was {c.Before}",
            _ => $"{c.Field}: {c.Before ?? "(none)"} → {c.After ?? "(none)"}",
        }));

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
            return fields;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new() { ["value"] = Text(document.RootElement) };
            foreach (var property in document.RootElement.EnumerateObject())
                fields[property.Name] = Text(property.Value);
        }
        catch (JsonException)
        {
            fields["value"] = json;
        }
        return fields;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "(none)",
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "(none)" : string.Join(", ", value.EnumerateArray().Select(Text)),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}={Text(p.Value)}")),
        _ => value.GetRawText(),
    };
}
