using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Customers;

/// <summary>One article of the evaluation's help center (Data/help-center-articles.json).</summary>
public sealed record HelpArticle(string Key, string Title, string Language, string Body);

/// <summary>A labelled question (Data/customer-questions.json): Article null means nothing answers it.</summary>
public sealed record LabelledQuestion(string Question, string Set, string? Article, string? Answer, IReadOnlyList<string>? Accept = null)
{
    public bool HeldOut => Set == "held";
}

/// <summary>
/// Two apps, each with public articles written through KnowledgeService: <see cref="HelpCenter"/> holds only the
/// evaluation's help center; <see cref="Mixed"/> holds it beside the demo workspace's articles (43 now, all made public) (made public too),
/// which overlap in topic (refunds, cancellations, passwords, two-factor, data storage, shipping).
/// </summary>
public sealed class HelpCenterFixture : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public DashboardFactory HelpCenter { get; } = new();

    public DashboardFactory Mixed { get; } = new();

    public static IReadOnlyList<HelpArticle> Articles { get; } = Load<ArticleFile>("help-center-articles.json").Articles;

    public static IReadOnlyList<LabelledQuestion> Questions { get; } = Load<QuestionFile>("customer-questions.json").Questions;

    /// <summary>Article ids by key, per app.</summary>
    public Dictionary<string, long> HelpCenterIds { get; } = [];

    public Dictionary<string, long> MixedIds { get; } = [];

    /// <summary>Demo article ids by title in <see cref="Mixed"/>, for the answers a question accepts as equivalent.</summary>
    public Dictionary<string, long> DemoIds { get; } = [];

    public CustomerAnswerer Answerer(DashboardFactory app) => app.Services.GetRequiredService<CustomerAnswerer>();

    public async Task InitializeAsync()
    {
        await SeedAsync(HelpCenter, HelpCenterIds, null);
        await SeedAsync(Mixed, MixedIds, DemoIds);
    }

    public Task DisposeAsync()
    {
        HelpCenter.Dispose();
        Mixed.Dispose();
        return Task.CompletedTask;
    }

    private static async Task SeedAsync(DashboardFactory app, Dictionary<string, long> ids, Dictionary<string, long>? demoIds)
    {
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        var knowledge = app.Services.GetRequiredService<KnowledgeService>();
        foreach (var demo in demoIds is null ? [] : DemoSeeder.DemoArticles())
            demoIds![demo.Title] = (await knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest(demo.Title, demo.Body, demo.Language, demo.Tags))).Id;
        foreach (var article in Articles)
            ids[article.Key] = (await knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest(article.Title, article.Body, article.Language))).Id;
        // Articles are internal until made public; the help-center editor that does it is another part of issue 15.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        await db.KnowledgeArticles.ExecuteUpdateAsync(s => s.SetProperty(a => a.Audience, KnowledgeAudience.Public));
    }

    private static T Load<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "Assistant", "Customers", "Data", file)), Json)
        ?? throw new InvalidOperationException($"{file} is empty.");

    private sealed record ArticleFile(List<HelpArticle> Articles);

    private sealed record QuestionFile(List<LabelledQuestion> Questions);
}

/// <summary>The evaluation's apps are seeded once for every class that uses them.</summary>
[CollectionDefinition(Name)]
public sealed class HelpCenterCollection : ICollectionFixture<HelpCenterFixture>
{
    public const string Name = "Help center";
}
