namespace QanDu.Dashboard.Features.Search;

/// <summary>Registers the search service (called once from <c>Hosting</c>).</summary>
public static class SearchRegistration
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<SearchService>();
        return builder;
    }
}
