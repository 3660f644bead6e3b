namespace QanDu.Dashboard.Features.Knowledge;

/// <summary>Registers the knowledge base and its retrieval (called once from <c>Hosting</c>).</summary>
public static class KnowledgeRegistration
{
    public static WebApplicationBuilder AddKnowledge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<KnowledgeService>();
        services.AddSingleton<KnowledgeRetriever>();
        services.AddSingleton<KnowledgePopularity>();
        services.AddSingleton<KnowledgeSearchService>();
        return builder;
    }
}
