using System.Net;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Search;

public sealed class SearchApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private async Task<(HttpClient Client, long ThreadId, long MessageId)> ArrangeAsync(string content)
    {
        var agent = await factory.CreateUserAsync("Api Agent", Roles.Agent);
        var other = await factory.CreateUserAsync("Api Other", Roles.Agent);
        var thread = await factory.CreateGroupThreadAsync(agent, "Api search", other);
        var posted = await factory.Messages.PostAsync(other, new PostMessageRequest(thread, content, Guid.NewGuid().ToString("N")));
        return (await factory.CreateClientForAsync(agent), thread, posted.Message.Id);
    }

    [Fact]
    public async Task Search_MatchingQuery_OkWithHitAndEncodedMarkedSnippet()
    {
        var (client, thread, message) = await ArrangeAsync("Your <i>gerbilium</i> order was refunded");

        var response = await client.GetAsync("/api/chat/search?q=gerbil%20refund*&sort=relevance&limit=5");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var results = await response.ReadAsync<SearchResults>();
        var hit = results.Hits.Should().ContainSingle().Subject;
        hit.Should().BeEquivalentTo(new { MessageId = message, ThreadId = thread, ThreadTitle = "Api search", SenderName = "Api Other" });
        hit.SnippetHtml.Should().Be("Your &lt;i&gt;<mark>gerbil</mark>ium&lt;/i&gt; order was refunded");
    }

    [Theory]
    [InlineData("q=refund%20%22final", "q", "quote is not closed")]
    [InlineData("q=foo:bar", "q", "'foo:' is not a search operator")]
    [InlineData("q=before:2026-02-30", "q", "not a date")]
    [InlineData("q=%27%3B%20--%20%28%29%20%5E", "q", "Type a word")]
    [InlineData("q=refund&sort=oldest", "sort", "use newest or relevance")]
    [InlineData("q=refund&limit=1000", "limit", "between 1 and 100")]
    public async Task Search_BadInput_BadRequestProblemNamingTheField(string queryString, string field, string message)
    {
        var (client, _, _) = await ArrangeAsync("anything");

        var response = await client.GetAsync($"/api/chat/search?{queryString}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors[field].Single().Should().Contain(message);
    }

    [Fact]
    public async Task Search_ThreadOfOthers_NotInResults()
    {
        var (_, _, _) = await ArrangeAsync("hamsterion secret");
        var outsider = await factory.CreateUserAsync("Outsider", Roles.Agent);
        var client = await factory.CreateClientForAsync(outsider);

        var results = await (await client.GetAsync("/api/chat/search?q=hamsterion")).ReadAsync<SearchResults>();

        results.Hits.Should().BeEmpty();
    }
}
