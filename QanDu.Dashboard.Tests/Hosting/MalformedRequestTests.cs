using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// Every API endpoint, read from the app, called with what a broken or hostile client sends: malformed JSON, wrong
/// types, nulls, NUL bytes, huge bodies, bad route values, wrong methods and content types. None may answer 5xx, and every
/// error must be problem details that name the problem.
/// </summary>
public sealed partial class MalformedRequestTests(DashboardFactory factory, ITestOutputHelper output) : IClassFixture<DashboardFactory>
{
    private static readonly string[] BadBodies =
    [
        "{", "null", "[]", "\"text\"", "42", "{\"threadId\":\"x\",\"content\":5,\"type\":\"nonsense\",\"status\":[]}",
        "{\"threadId\":1,\"content\":\"a\\u0000b\",\"title\":\"t\\u0000\",\"name\":\"n\\u0000\",\"clientKey\":\"k\\u0000\",\"emoji\":\"\\u0000\"}",
        "{\"settings\":{\"name\":null,\"instructions\":null},\"version\":null}",
    ];

    private static readonly string[] BadQueries =
        ["?q=x%00y", "?q=%22", "?limit=abc", "?before=xyz", "?threadId=%00", "?view=%00&priority=%00&labelId=x", "?sort=sideways&unread=maybe"];

    [Fact]
    public async Task EveryEndpoint_MalformedBodiesQueriesAndRoutes_NoServerErrorAndOnlyProblemDetails()
    {
        var client = await AdminClientAsync();
        var endpoints = ApiEndpoints().ToList();
        var answers = new List<string>();

        foreach (var (method, pattern) in endpoints)
        {
            var path = RouteParameter().Replace(pattern, "1");
            var badRoute = RouteParameter().Replace(pattern, "abc");
            var bodies = method is "POST" or "PUT" or "PATCH" ? BadBodies.Cast<string?>().ToArray() : new string?[] { null };
            foreach (var body in bodies)
                answers.Add(await SendAsync(client, method, path, body, "application/json"));
            if (method is "POST" or "PUT" or "PATCH")
                answers.Add(await SendAsync(client, method, path, "{}", "text/plain"));
            foreach (var query in BadQueries)
                answers.Add(await SendAsync(client, method, path + query, method is "GET" or "DELETE" ? null : "{}", "application/json"));
            if (badRoute != path)
                answers.Add(await SendAsync(client, method, badRoute, method is "GET" or "DELETE" ? null : "{}", "application/json"));
        }
        answers.Add(await SendAsync(client, "GET", "/api/chat/no-such-thing", null, null));
        answers.Add(await SendAsync(client, "DELETE", "/api/chat/history", null, null));

        output.WriteLine(string.Join(Environment.NewLine, answers));
        answers.Should().NotContain(a => a.Contains(" -> 5"), "no malformed request may break the server");
        answers.Where(a => !a.Contains(" -> 2")).Should().OnlyContain(a => a.EndsWith(" problem"),
            "every error answers with problem details that have a title and a detail");
    }

    [Fact]
    public async Task HugeJsonBody_OverTheLargestValidRequest_RefusedBeforeItIsRead()
    {
        var client = await AdminClientAsync();
        var huge = "{\"threadId\":1,\"content\":\"" + new string('a', 3_000_000) + "\"}";

        using var response = await client.PostAsync("/api/chat/message", new StringContent(huge, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadProblemAsync()).Detail.Should().Contain("bytes");
    }

    private async Task<string> SendAsync(HttpClient client, string method, string path, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var shown = $"{method} {path} {(body is null ? "" : Shorten(body))} [{contentType}] -> {(int)response.StatusCode}";
        if ((int)response.StatusCode < 400)
            return shown;
        return IsProblem(response, text) ? $"{shown} problem" : $"{shown} NOT problem details: {Shorten(text)}";
    }

    private static bool IsProblem(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return false;
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }
                   && json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private async Task<HttpClient> AdminClientAsync() =>
        await factory.CreateClientForAsync(await factory.CreateUserAsync($"Admin Sweep {Guid.NewGuid():N}", Roles.Admin));

    private IEnumerable<(string Method, string Pattern)> ApiEndpoints()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api", StringComparison.OrdinalIgnoreCase))
                continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                yield return (method, pattern);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
