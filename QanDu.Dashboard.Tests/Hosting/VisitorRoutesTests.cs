using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Tests.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// Every route under /api/widget/v1 (read from the app, so routes added later are covered): without a visitor token 401,
/// and with another contact's ids 404 — never 403, never their data. Only the session and the signed file link are
/// anonymous, on purpose.
/// </summary>
public sealed partial class VisitorRoutesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Session = "POST /api/widget/v1/session";
    private const string FileLink = "GET /api/widget/v1/files/{id}";

    private static readonly string[] Known =
    [
        Session, FileLink, "GET /api/widget/v1/messages", "POST /api/widget/v1/messages", "POST /api/widget/v1/files",
        "POST /api/widget/v1/conversations/{id}/rating", "POST /api/widget/v1/conversations/{id}/read",
    ];

    [Fact]
    public async Task EveryVisitorRoute_NoToken_Unauthorized()
    {
        var routes = VisitorRoutes().ToList();
        routes.Should().Contain(Known, "the visitor routes are read from the app's endpoints");
        var client = WidgetKit.Visitor(factory);

        var answers = new List<string>();
        foreach (var route in routes.Except([Session, FileLink]))
        {
            var (method, path) = Split(route);
            using var request = new HttpRequestMessage(new HttpMethod(method), RouteParameter().Replace(path, "1") + (method == "GET" ? "?conversationId=1" : ""));
            if (method == "POST")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            answers.Add($"{route} -> {(int)response.StatusCode}{(response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? " problem" : "")}");
        }

        answers.Should().OnlyContain(a => a.EndsWith("-> 401 problem"));
    }

    [Fact]
    public async Task EveryVisitorRoute_AnotherContactsIds_NotFound()
    {
        var channel = await WidgetKit.CreateChannelAsync(factory);
        var (alice, _) = await WidgetKit.VisitAsync(factory, channel);
        var (mallory, _) = await WidgetKit.VisitAsync(factory, channel);
        using var form = new MultipartFormDataContent { { new ByteArrayContent("a receipt"u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "file", "r.txt" } };
        var upload = await (await alice.PostAsync("/api/widget/v1/files", form)).ReadAsync<Dashboard.Features.Widget.VisitorUploadView>();
        var aliceMessage = await (await alice.PostAsJsonAsync("/api/widget/v1/messages", new { content = "Alice's", clientKey = "a", attachmentIds = new[] { upload.Id } }))
            .ReadAsync<Dashboard.Features.Widget.VisitorMessage>();
        var conversation = aliceMessage.ConversationId;
        var aliceLink = aliceMessage.Attachments.Single().Url;

        // Each route with ids, called by Mallory with Alice's: the conversation, her message, her file (and Mallory's
        // own signed link pointed at Alice's file).
        var calls = new Dictionary<string, Func<Task<HttpResponseMessage>>>
        {
            ["GET /api/widget/v1/messages"] = () => mallory.GetAsync($"/api/widget/v1/messages?conversationId={conversation}"),
            ["POST /api/widget/v1/messages"] = () => mallory.PostAsJsonAsync("/api/widget/v1/messages", new { conversationId = conversation, content = "x", clientKey = "m1" }),
            ["POST /api/widget/v1/conversations/{id}/rating"] = () => mallory.PostAsJsonAsync($"/api/widget/v1/conversations/{conversation}/rating", new { rating = 1 }),
            ["POST /api/widget/v1/conversations/{id}/read"] = () => mallory.PostAsJsonAsync($"/api/widget/v1/conversations/{conversation}/read", new { messageId = aliceMessage.Id }),
            ["POST /api/widget/v1/conversations/{id}/handoff"] = () => mallory.PostAsync($"/api/widget/v1/conversations/{conversation}/handoff", null),
            // Feedback on a message of Alice's conversation (CustomerRepliesTests covers an assistant answer in another's).
            ["POST /api/widget/v1/messages/{id}/feedback"] = () => mallory.PostAsJsonAsync($"/api/widget/v1/messages/{aliceMessage.Id}/feedback", new { helpful = true }),
            [FileLink] = () => mallory.GetAsync(aliceLink.Replace($"/files/{aliceMessage.Attachments[0].Id}?", $"/files/{aliceMessage.Attachments[0].Id + 1}?")),
        };
        // Help articles belong to no contact: every visitor reads the same public ones (WidgetHelpApiTests checks the 404s).
        var withIds = VisitorRoutes().Where(r => (r.Contains('{') && !r.Contains("/v1/help/")) || r.StartsWith("GET /api/widget/v1/messages") || r == "POST /api/widget/v1/messages");
        calls.Keys.Should().BeEquivalentTo(withIds, "every route that takes an id is tried with another contact's");

        foreach (var (route, call) in calls)
        {
            var response = await call();
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, route);
            (await response.Content.ReadAsStringAsync()).Should().NotContain("Alice's", route);
        }
        // Alice's upload is hers: Mallory cannot attach it either.
        var steal = await mallory.PostAsJsonAsync("/api/widget/v1/messages", new { content = "", clientKey = "steal", attachmentIds = new[] { upload.Id } });
        steal.StatusCode.Should().NotBe(HttpStatusCode.Created);
    }

    private IEnumerable<string> VisitorRoutes()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!pattern.StartsWith("/api/widget/v1/", StringComparison.OrdinalIgnoreCase))
                continue;
            var path = IdConstraint().Replace(pattern, "{id}");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                yield return $"{method} {path}";
        }
    }

    private static (string Method, string Path) Split(string route) => (route[..route.IndexOf(' ')], route[(route.IndexOf(' ') + 1)..]);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\{id(:[^}]+)?\}")]
    private static partial Regex IdConstraint();
}
