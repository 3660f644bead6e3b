using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.HelpCenter.Pages;
using QanDu.Dashboard.Features.Knowledge;

namespace QanDu.Dashboard.Features.HelpCenter;

/// <summary>
/// The public help center: <c>/help</c> (every public article, by language, or search results for <c>?q=</c>) and
/// <c>/help/articles/{id}-{slug}</c>. Anonymous and script-free: Razor components rendered once on the server.
/// Anything but a published public article answers 404, the same for all.
/// </summary>
internal static class HelpCenterEndpoints
{
    public const int MaxQuery = 200;

    public static IEndpointRouteBuilder MapHelpCenter(this IEndpointRouteBuilder routes)
    {
        var help = routes.MapGroup(HelpLinks.Root).AllowAnonymous().ExcludeFromDescription();
        help.MapGet("", HomeAsync);
        help.MapGet("/articles/{key}", ArticleAsync);
        return routes;
    }

    private static async Task<RazorComponentResult> HomeAsync(
        string? q, string? lang, HttpContext http, HelpCenterService help, HelpCenterName name, CancellationToken ct)
    {
        var query = q?.Trim() is { Length: > 0 } text ? text[..Math.Min(text.Length, MaxQuery)] : null;
        var languages = await help.LanguagesAsync(ct);
        var selected = languages.FirstOrDefault(l => l.Code == lang?.Trim().ToLowerInvariant())?.Code;
        var articles = query is null ? await help.ListAsync(selected, ct) : await help.SearchAsync(query, selected, limit: 20, ct: ct);
        NoStore(http);
        return new RazorComponentResult<HelpHome>(new
        {
            SiteName = await name.GetAsync(ct), Query = query, SelectedLanguage = selected, Languages = languages, Articles = articles,
        });
    }

    private static async Task<IResult> ArticleAsync(string key, HttpContext http, HelpCenterService help, HelpCenterName name, CancellationToken ct)
    {
        var article = ParseId(key) is { } id ? await help.GetAsync(id, ct) : null;
        if (article is null)
            return new RazorComponentResult<HelpMissing>(new { SiteName = await name.GetAsync(ct) }) { StatusCode = StatusCodes.Status404NotFound };
        // The id finds the article; the slug is for people. An old or mistyped slug goes to the article's own address.
        if (!string.Equals(http.Request.Path.Value, article.Url, StringComparison.Ordinal))
            return TypedResults.Redirect(article.Url, permanent: true);
        NoStore(http);
        return new RazorComponentResult<HelpArticlePage>(new { SiteName = await name.GetAsync(ct), Article = article });
    }

    /// <summary>The leading digits of "{id}-{slug}" (or a bare id).</summary>
    internal static long? ParseId(string key)
    {
        var dash = key.IndexOf('-');
        var digits = dash < 0 ? key : key[..dash];
        return digits.Length is > 0 and <= 18 && digits.All(char.IsAsciiDigit) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id : null;
    }

    // An article made internal must disappear at once, also from shared caches.
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-cache";
}

/// <summary>The name shown at the top of the help center: HelpCenter:Name, else the first website channel's name.</summary>
public sealed class HelpCenterName(IOptions<HelpCenterOptions> options, IDbContextFactory<ChatDbContext> dbFactory)
{
    public async Task<string> GetAsync(CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.Name))
            return options.Value.Name.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Channels.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "Support";
    }
}
