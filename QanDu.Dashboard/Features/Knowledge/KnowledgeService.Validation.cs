using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Knowledge;

public sealed partial class KnowledgeService
{
    private sealed record ValidArticle(string Title, string Body, string Language, string? Tags);

    /// <summary>Every problem at once, each under the field it concerns; nothing is written when there is one.</summary>
    private static ValidArticle Validate(SaveKnowledgeRequest request, bool isEdit)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        var body = request.Body?.Trim() ?? "";
        var language = request.Language?.Trim().ToLowerInvariant() ?? "";
        if (title.Length == 0)
            errors["title"] = ["An article needs a title."];
        else if (title.Length > MaxTitle)
            errors["title"] = [$"A title is at most {MaxTitle} characters (this one has {title.Length})."];
        if (body.Length == 0)
            errors["body"] = ["An article needs a body."];
        else if (body.Length > MaxBody)
            errors["body"] = [$"An article is at most {MaxBody:N0} characters (this one has {body.Length:N0}). Split it into several articles."];
        if (!KnowledgeLanguages.IsKnown(language))
            errors["language"] = [language.Length == 0
                ? "Choose the language the article is written in."
                : $"\"{language}\" is not a known language code. Use one of: {string.Join(", ", KnowledgeLanguages.Names.Keys)}."];
        var tags = string.Join(", ", SplitTags(request.Tags).Select(t => t.ToLowerInvariant()).Distinct());
        if (tags.Length > MaxTags)
            errors["tags"] = [$"Tags are at most {MaxTags} characters together."];
        if (request.Audience is { } audience && !Enum.IsDefined(audience))
            errors["audience"] = ["The audience is either internal (staff only) or public (help center and answers to customers)."];
        if (isEdit && request.Version is null)
            errors["version"] = ["An edit must say which version of the article it is based on."];
        if (errors.Count > 0)
            throw new ChatValidationException(errors);
        return new ValidArticle(title, body, language, tags.Length == 0 ? null : tags);
    }
}
