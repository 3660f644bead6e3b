using System.Text;

namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>
/// Where the public help center shows an article: <c>/help/articles/{id}-{slug}</c>. Answers to customers cite this
/// link (never <c>/knowledge/{id}</c>, which is for staff); the id alone finds the article, the slug is for people.
/// </summary>
public static class HelpLinks
{
    public const string Root = "/help";

    public static string Article(long id, string title) => $"{Root}/articles/{id}-{Slug(title)}";

    public static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if ((char.IsWhiteSpace(c) || c is '-' or '_' or '/') && slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
            if (slug.Length >= 60)
                break;
        }
        return slug.ToString().Trim('-') is { Length: > 0 } s ? s : "article";
    }
}
