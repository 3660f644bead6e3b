using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Tools;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// A page served from another port of 127.0.0.1 (the same site, so SameSite=Lax sends the sign-in cookie along)
/// posts forms at the dashboard while an agent is signed in: approvals, stop, retry and sign-out must all be refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteFormTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task FormPostFromAnotherPort_SignedInAgent_RefusedAndNothingChanges()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var thread = await app.Threads.CreateThreadAsync(maya, 
            new CreateThreadRequest(ThreadType.Group, "Cross-site " + Guid.NewGuid().ToString("N")[..6], [(await app.CallerAsync(DemoUsers.Tom)).UserId]));
        var reply = await app.Services.GetRequiredService<AiReplyStore>().CreateAiMessageAsync(thread.Id, "QanDu Assistant", CancellationToken.None);
        var approvals = app.Services.GetRequiredService<ToolApprovalService>();
        var pending = new List<long>();
        foreach (var level in new[] { "urgent", "low", "high" })
            pending.Add((await approvals.RequestAsync(new AssistantRequest(maya, thread.Id), reply.Id, AssistantTools.SetPriority,
                new Dictionary<string, string> { ["level"] = level }, level, CancellationToken.None)).Id);
        await using var session = await app.SignInAsync(DemoUsers.Maya, "/");

        var dashboard = app.Host.BaseAddress.ToString().TrimEnd('/');
        var targets = Enumerable.Range(1, 10).Select(id => $"/api/chat/tool-approval/{id}/approve")
            .Concat(pending.Select(id => $"/api/chat/tool-approval/{id}/deny"))
            .Append($"/api/chat/message/{reply.Id}/stop")
            .Append($"/api/chat/message/{reply.Id}/retry")
            .Append("/account/logout") // last, so a sign-out that got through cannot hide the others
            .ToList();
        await using var attacker = await AttackerSite.StartAsync(targets.Select(t => dashboard + t));
        new Uri(attacker.Address).Port.Should().NotBe(app.Host.BaseAddress.Port, "the attacking page is on another port of the same host");
        var page = await session.Context.NewPageAsync();
        await page.GotoAsync(attacker.Address);

        var answers = new List<string>();
        for (var i = 0; i < targets.Count; i++)
        {
            var url = dashboard + targets[i];
            var response = await page.RunAndWaitForResponseAsync(
                () => page.EvaluateAsync("i => document.forms[i].submit()", i), r => r.Url == url && r.Request.Method == "POST");
            answers.Add($"POST {targets[i]} -> {response.Status}");
        }

        answers.Should().OnlyContain(a => a.EndsWith("-> 403"), "a form on another site carries the cookie but no proof it came from the dashboard");
        var statuses = await StatusesAsync(pending);
        statuses.Should().OnlyContain(s => s == ToolApprovalStatus.Pending, "no change the assistant asked for was decided");
        (await MessageStatusAsync(reply.Id)).Should().Be(MessageStatus.Sending, "the reply was not stopped");
        await session.GotoAsync("/");
        new Uri(session.Page.Url).AbsolutePath.Should().Be("/", "the agent is still signed in");
        await Microsoft.Playwright.Assertions.Expect(session.Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
    }

    private async Task<List<ToolApprovalStatus>> StatusesAsync(List<long> ids)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await db.ToolApprovals.Where(a => ids.Contains(a.Id)).Select(a => a.Status).ToListAsync();
    }

    private async Task<MessageStatus> MessageStatusAsync(long id)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await db.Messages.Where(m => m.Id == id).Select(m => m.Status).SingleAsync();
    }

    /// <summary>Another site on 127.0.0.1: one page with a form per target, each posting into its own frame.</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private AttackerSite(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public static async Task<AttackerSite> StartAsync(IEnumerable<string> targets)
        {
            var forms = string.Concat(targets.Select((url, i) =>
                $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(url)}\" target=\"f{i}\"><input name=\"id\" value=\"1\"></form><iframe name=\"f{i}\"></iframe>"));
            var html = $"<!DOCTYPE html><html><body><h1>Cute cats</h1>{forms}</body></html>";
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Urls.Add("http://127.0.0.1:0");
            app.MapGet("/", () => Results.Content(html, "text/html"));
            await app.StartAsync();
            return new AttackerSite(app, app.Urls.Single());
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
