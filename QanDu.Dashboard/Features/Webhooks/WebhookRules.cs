using System.Buffers.Text;
using System.Security.Cryptography;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>A request that passed <see cref="WebhookRules.Validate"/>; <see cref="Secret"/> null means none was given.</summary>
internal sealed record ValidWebhook(string Url, List<string> Events, string? Secret);

/// <summary>What a subscription must be: each problem names its field (<c>url</c>, <c>events</c>, <c>secret</c>).</summary>
internal static class WebhookRules
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 200;
    public const int MaxUrlLength = 2048;

    public static ValidWebhook Validate(SaveWebhookRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var url = request.Url?.Trim() ?? "";
        if (url.Length == 0)
            errors["url"] = ["Enter the URL the events are sent to (https://…)."];
        else if (url.Length > MaxUrlLength)
            errors["url"] = [$"The URL is longer than {MaxUrlLength} characters."];
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                 || string.IsNullOrEmpty(uri.Host))
            errors["url"] = [$"\"{url}\" is not an absolute http or https URL (e.g. https://example.com/hooks/qandu)."];
        else if (uri.UserInfo.Length > 0)
            errors["url"] = ["The URL must not contain a user name or password: the receiver checks the signature instead."];

        var events = (request.Events ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = events.Where(e => !WebhookEvents.All.Contains(e)).ToList();
        if (unknown.Count > 0)
            errors["events"] = [$"Unknown event(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", WebhookEvents.All)}."];
        else if (events.Count == 0)
            errors["events"] = ["Choose at least one event."];

        var secret = string.IsNullOrEmpty(request.Secret) ? null : request.Secret;
        if (secret is { Length: < MinSecretLength })
            errors["secret"] = [$"The secret is at least {MinSecretLength} characters (or leave it out to have one generated)."];
        else if (secret is { Length: > MaxSecretLength })
            errors["secret"] = [$"The secret is at most {MaxSecretLength} characters."];
        else if (secret is not null && secret.Any(char.IsControl))
            errors["secret"] = ["The secret must not contain control characters."];

        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return new ValidWebhook(url, [.. WebhookEvents.All.Where(events.Contains)], secret);
    }

    /// <summary>32 random bytes, base64url (43 characters).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
