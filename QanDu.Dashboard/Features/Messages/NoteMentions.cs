namespace QanDu.Dashboard.Features.Messages;

/// <summary>
/// "@Tom Okafor" in a private note: how a note calls a colleague's attention (a supervisor's whisper mentions the agent),
/// and how the agent's tab knows to alert them. A mention is the person's display name after an @, ended by anything
/// but a letter or digit.
/// </summary>
public static class NoteMentions
{
    public static string Of(string displayName) => "@" + displayName;

    /// <summary>The note's text starting with a mention of <paramref name="displayName"/> (once, however often it is asked).</summary>
    public static string Prefix(string displayName, string text) =>
        Mentions(text, displayName) ? text : $"{Of(displayName)} {text.TrimStart()}";

    public static bool Mentions(string content, string displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
            return false;
        var mention = Of(displayName);
        for (var at = content.IndexOf(mention, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = content.IndexOf(mention, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + mention.Length;
            if (end == content.Length || !char.IsLetterOrDigit(content[end]))
                return true;
        }
        return false;
    }
}
