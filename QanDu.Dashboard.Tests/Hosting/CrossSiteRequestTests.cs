using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// A page on another port of the same host is the same site, so the sign-in cookie rides along on its form posts.
/// Every unsafe endpoint the cookie can reach (read from the app, so a new endpoint is covered) must refuse such a
/// request; the same endpoints keep working for integrations with an API key.
/// </summary>
public sealed partial class CrossSiteRequestTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string Password = "Cross-site-2026";
    private const string Refused = "Cross-site request refused";
    private static readonly string[] UnsafeMethods = ["POST", "PUT", "PATCH", "DELETE"];

    [Fact]
    public async Task UnsafeEndpoint_CookieFromAnotherPortWithoutToken_RefusedWithProblemAndNothingChanged()
    {
        var target = await PendingApprovalAsync("Cross-site cookie");
        var client = NoCookieClient();
        var cookie = await FormSignIn.SignInAsync(client, target.Email, Password);
        var endpoints = UnsafeEndpoints(target).ToList();
        endpoints.Select(e => e.Path).Should().Contain(["/account/logout", $"/api/chat/tool-approval/{target.ApprovalId}/approve",
            $"/api/chat/message/{target.MessageId}/stop", $"/api/chat/message/{target.MessageId}/retry"]);
        var before = await FingerprintAsync();

        var answers = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                // What a form on http://localhost:8081 can send: a form body, the cookie, and the headers the browser adds.
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "1" }),
            };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Origin", "http://localhost:8081");
            request.Headers.Add("Sec-Fetch-Site", "same-site");
            var response = await client.SendAsync(request);
            var title = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? (await response.ReadProblemAsync()).Title
                : "(no problem details)";
            answers.Add($"{method} {path} -> {(int)response.StatusCode} {title}");
        }

        answers.Should().OnlyContain(a => a.EndsWith($"-> 403 {Refused}"), "a request that only carries the cookie proves nothing");
        (await FingerprintAsync()).Should().Be(before, "nothing in the database changed");
        (await GetWithCookieAsync(client, "/api/chat/threads", cookie)).StatusCode.Should().Be(HttpStatusCode.OK,
            "the forged sign-out did not end the session");
    }

    [Fact]
    public async Task UnsafeEndpoint_ApiKey_NotRefusedAndApprovalRuns()
    {
        var target = await PendingApprovalAsync("Cross-site key");
        var client = await factory.CreateClientForAsync(target.Agent);

        var answers = new List<string>();
        foreach (var (method, path) in UnsafeEndpoints(target).Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            var response = await client.SendAsync(request);
            var title = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? (await response.ReadProblemAsync()).Title
                : "";
            answers.Add($"{method} {path} -> {(int)response.StatusCode} {title}");
        }

        answers.Should().HaveCountGreaterThanOrEqualTo(20).And.NotContain(a => a.Contains(Refused), "a bearer key is not sent by browsers on their own");
        answers.Should().NotContain(a => a.Contains("-> 401 "));
        answers.Should().Contain(a => a.StartsWith("POST /api/chat/tool-approval/") && a.Contains("-> 200"), "the key decided the approval");
        var status = await factory.QueryAsync(db => db.ToolApprovals.Where(a => a.Id == target.ApprovalId).Select(a => a.Status).SingleAsync());
        status.Should().NotBe(ToolApprovalStatus.Pending);
    }

    [Fact]
    public async Task Upload_CookieWithThePagesAntiforgeryToken_Created()
    {
        var target = await PendingApprovalAsync("Cross-site upload");
        var client = NoCookieClient();
        var cookie = await FormSignIn.SignInAsync(client, target.Email, Password);
        var page = await GetWithCookieAsync(client, "/", cookie);
        var token = FormSignIn.TokenOf(await page.Content.ReadAsStringAsync());
        var antiforgeryCookie = FormSignIn.CookieFrom(page, ".AspNetCore.Antiforgery");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/files") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Add("X-File-Name", "hello.txt");
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("Cookie", $"{cookie}; {antiforgeryCookie}");
        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Created, "the dashboard's own upload carries the page's token");
    }

    private sealed record Target(ChatCaller Agent, string Email, long ThreadId, long MessageId, long ApprovalId);

    /// <summary>An agent with a password, in a thread where the assistant is writing and waits for an approval.</summary>
    private async Task<Target> PendingApprovalAsync(string title)
    {
        var agent = await factory.CreateUserAsync(title, Roles.Agent);
        await FormSignIn.SetPasswordAsync(factory.Services, agent.UserId, Password);
        var colleague = await factory.CreateUserAsync(title + " colleague", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(agent, title, colleague);
        var message = await factory.AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        var approval = await factory.Services.GetRequiredService<ToolApprovalService>().RequestAsync(new AssistantRequest(agent, threadId),
            message.Id, AssistantTools.SetPriority, new Dictionary<string, string> { ["level"] = "urgent" }, "c1", CancellationToken.None);
        return new Target(agent, await FormSignIn.EmailOfAsync(factory.Services, agent.UserId), threadId, message.Id, approval.Id);
    }

    /// <summary>
    /// Every unsafe method of every endpoint except Blazor's own transport (<c>/_blazor</c>: SignalR, whose connection
    /// and circuit ids are secrets a cross-site page never learns) and the website widget's visitor API (<c>/api/widget</c>:
    /// neither the cookie nor a key is read there, only a visitor's bearer token; VisitorRoutesTests covers it), with ids
    /// of the target's objects.
    /// </summary>
    private IEnumerable<(string Method, string Path)> UnsafeEndpoints(Target target)
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("_blazor", StringComparison.Ordinal)
                || pattern.TrimStart('/').StartsWith("api/widget/", StringComparison.Ordinal))
                continue;
            var id = pattern.Contains("tool-approval") ? target.ApprovalId
                : pattern.Contains("message") ? target.MessageId
                : target.ThreadId;
            var path = "/" + RouteParameter().Replace(pattern, id.ToString()).TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? [];
            foreach (var method in methods.Intersect(UnsafeMethods))
                yield return (method, path);
        }
    }

    private HttpClient NoCookieClient() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>A hash of every row of every table: any change anywhere shows.</summary>
    private Task<string> FingerprintAsync() => factory.QueryAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                tables.Add(reader.GetString(0));
        }
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await rows.ExecuteReaderAsync();
            text.Append(table).Append(':');
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(Describe(reader, i)).Append('|');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    });

    private static string Describe(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? "null" : reader.GetValue(column) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(column).ToString() ?? "";

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
