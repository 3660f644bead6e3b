using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>The page a visitor is on (from the host page; the widget does not trust it for anything but display).</summary>
public sealed record VisitorPage(string? Url, string? Title);

/// <summary>What the widget tells of its visitor; null: unchanged.</summary>
public sealed record VisitorUpdate(
    string? Name = null, string? Email = null, string? Identifier = null, string? Browser = null, string? Os = null, VisitorPage? Page = null);

/// <summary>Bounds on the host page's custom attributes: a stranger's page must not grow a contact without limit.</summary>
public static class VisitorAttributes
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 50;
    public const int MaxValueLength = 500;

    public static void Validate(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count > MaxKeys)
            throw new ChatValidationException("attributes", $"At most {MaxKeys} attributes can be set; {attributes.Count} were sent.");
        foreach (var (key, value) in attributes)
        {
            TextInput.RefuseNul("attributes", key);
            TextInput.RefuseNul("attributes", value);
            if (string.IsNullOrWhiteSpace(key) || key.Trim().Length > MaxKeyLength)
                throw new ChatValidationException("attributes", $"An attribute name must be 1 to {MaxKeyLength} characters; '{Clip(key)}' is not.");
            if (value is null || value.Length > MaxValueLength)
                throw new ChatValidationException("attributes", $"The value of '{Clip(key)}' must be text of at most {MaxValueLength} characters.");
        }
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";
}
