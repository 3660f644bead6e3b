using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>The search operators sentiment:, intent: and lang: find messages by their stored analysis.</summary>
public sealed class AnalysisSearchTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Search_AnalysisOperators_FindMessagesByTheirAnalysis()
    {
        var maya = await factory.CreateUserAsync("Maya Search", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Search", Roles.Agent);
        var thread = await factory.CreateGroupThreadAsync(maya, "Analysis search", tom);
        var angry = await PostAsync(maya, thread, "Zorblat invoice: you charged me twice and I am furious, this is terrible");
        var happy = await PostAsync(tom, thread, "Zorblat works wonderfully now, thank you so much for the great help");
        var german = await PostAsync(tom, thread, "Zorblat: Ich kann mich seit heute Morgen nicht mehr in mein Konto einloggen");
        var billing = await PostAsync(maya, thread, "Zorblat: my invoice shows two charges and a payment for the same order");
        await WaitAnalysedAsync(angry, happy, german, billing);
        var search = factory.Services.GetRequiredService<SearchService>();

        async Task<long[]> Find(string q) => [.. (await search.SearchAsync(maya, q)).Hits.Select(h => h.MessageId)];

        (await Find("zorblat sentiment:negative")).Should().Contain(angry).And.NotContain([happy, german]);
        (await Find("zorblat sentiment:positive")).Should().Equal(happy);
        (await Find("zorblat -sentiment:negative -sentiment:positive")).Should().Equal(german);
        (await Find("zorblat intent:billing")).Should().Contain(billing).And.NotContain([happy, german]);
        (await Find("zorblat lang:de")).Should().Equal(german);
        (await Find("zorblat -lang:de")).Should().BeEquivalentTo([angry, happy, billing]);
        (await Find("sentiment:positive in:\"Analysis search\"")).Should().Equal(new[] { happy }, "operators alone are a query too");
    }

    private async Task<long> PostAsync(ChatCaller sender, long thread, string text) =>
        (await factory.Messages.PostAsync(sender, new PostMessageRequest(thread, text))).Message.Id;

    private async Task WaitAnalysedAsync(params long[] ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await factory.QueryAsync(db => db.Messages.Where(m => ids.Contains(m.Id)).ToListAsync()) is var messages
               && messages.Any(m => m.Metadata?.Analysis is null))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the analysis service stores every posted message's analysis");
            await Task.Delay(50);
        }
    }
}
