using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>What a message's text and idempotency key must be, for posts and edits alike.</summary>
internal static class MessageRules
{
    public static string ValidateContent(string? content, int maxLength)
    {
        TextInput.RefuseNul("content", content);
        if (string.IsNullOrWhiteSpace(content))
            throw new ChatValidationException("content", "A message cannot be empty.");
        var trimmed = content.Trim();
        if (trimmed.Length > maxLength)
            throw new ChatValidationException("content",
                $"A message can be at most {maxLength:N0} characters; this one has {trimmed.Length:N0}.");
        return trimmed;
    }

    public static string ValidateClientKey(string? clientKey)
    {
        TextInput.RefuseNul("clientKey", clientKey);
        if (clientKey is null)
            return Guid.NewGuid().ToString("N");
        if (string.IsNullOrWhiteSpace(clientKey) || clientKey.Length > 100)
            throw new ChatValidationException("clientKey", "The idempotency key must be 1 to 100 characters.");
        return clientKey;
    }

    /// <summary>An AI reply's text, cut to the longest message rather than refused (a model may run long).</summary>
    public static string ClipAi(string text, int maxLength)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= maxLength ? trimmed : trimmed[..(maxLength - 1)] + "…";
    }
}
