using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>Every API endpoint needs a signed-in caller; the list is read from the app, so a new endpoint is covered too.</summary>
public sealed partial class AuthRegistrationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task FallbackPolicy_EveryApiEndpointCalledAnonymously_UnauthorizedProblem()
    {
        var endpoints = ApiEndpoints().ToList();
        endpoints.Should().HaveCountGreaterThanOrEqualTo(11, "the chat API maps at least its documented endpoints");
        var client = factory.CreateClient();

        var answers = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            var problem = response.StatusCode == HttpStatusCode.Unauthorized ? await response.ReadProblemAsync() : null;
            answers.Add($"{method} {path} -> {(int)response.StatusCode} {problem?.Title}");
        }

        answers.Should().OnlyContain(a => a.EndsWith("-> 401 Not signed in"));
    }

    private IEnumerable<(string Method, string Path)> ApiEndpoints()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) // not /api-reference, the API's documentation page
                continue;
            // The visitor API is the allowlist's anonymous surface, scoped by visitor token instead (VisitorRoutesTests).
            if (pattern.StartsWith("/api/widget/", StringComparison.OrdinalIgnoreCase))
                continue;
            var path = RouteParameter().Replace(pattern, "1");
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
                yield return (method, path);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
