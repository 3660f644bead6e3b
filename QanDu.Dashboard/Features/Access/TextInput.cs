namespace QanDu.Dashboard.Features.Access;

/// <summary>Rules every stored text follows, whatever feature stores it.</summary>
public static class TextInput
{
    /// <summary>
    /// Refuses a NUL character (U+0000): no one types it, SQLite's full-text search and many clients cut text at it, and
    /// it hides what follows from a reader.
    /// </summary>
    public static void RefuseNul(string field, string? value)
    {
        if (value is not null && value.Contains('\0'))
            throw new ChatValidationException(field, $"The {field} contains a NUL character (U+0000), which is not allowed; remove it.");
    }
}
