using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>What a signed-in person sees at an address they may not open, an address that does not exist, and the API reference.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageAccessTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task AdminPages_OpenedByAnAgent_SayNoAccessInsteadOfAskingToSignIn()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/admin/labels");

        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");
        await Expect(maya.Page.Locator("#email")).ToHaveCountAsync(0);
        new Uri(maya.Page.Url).AbsolutePath.Should().NotBe("/account/login");
        await maya.GotoAsync("/admin/knowledge-review");
        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");

        // Inside the app, without a page load, the router says the same.
        await maya.GotoAsync("/");
        await maya.Page.WaitForFunctionAsync("() => !!window._qanduSearch");
        await maya.Page.EvaluateAsync("() => Blazor.navigateTo('/admin/assistant')");
        await Expect(maya.Page.GetByTestId("access-denied")).ToContainTextAsync("You do not have access");
        new Uri(maya.Page.Url).AbsolutePath.Should().Be("/admin/assistant");
        await Expect(maya.Page.Locator("#email")).ToHaveCountAsync(0);
        await Expect(maya.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Maya Chen");
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task AdminPage_NotSignedIn_StillAsksToSignIn()
    {
        await using var visitor = await app.OpenAnonymousAsync();

        await visitor.GotoAsync("/admin/labels");

        new Uri(visitor.Page.Url).AbsolutePath.Should().Be("/account/login");
        await Expect(visitor.Page.Locator("#email")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task UnknownAddress_SignedIn_TheAppsNotFoundPageWithStatus404()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");

        var response = await maya.Page.GotoAsync("/no-such-page");

        response!.Status.Should().Be(404, "the address does not exist, and says so to tools too");
        await Expect(maya.Page.GetByText("This page does not exist")).ToBeVisibleAsync();
        await Expect(maya.Page.GetByTestId("open-search")).ToBeVisibleAsync(); // inside the app's own layout
        await maya.Page.GetByRole(AriaRole.Link, new() { Name = "Back to the inbox" }).ClickAsync();
        await maya.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        // The only problems are the 404 itself, and the browser's console line about it.
        maya.Problems.Should().OnlyContain(p => (p.StartsWith("HTTP 404") && p.Contains("/no-such-page"))
            || p == "console error: Failed to load resource: the server responded with a status of 404 (Not Found)");
    }

    [BrowserFact]
    public async Task ApiReference_FromTheSideMenu_OpensAnInteractiveReferenceServedByTheAppAlone()
    {
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/");
        await maya.Page.WaitForFunctionAsync("() => !!window._qanduSearch");
        var problems = new List<string>();
        var origin = app.Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        // Every request of the new tab, from its first: console errors include the policy's refusals.
        maya.Context.Page += (_, page) =>
        {
            page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (problems) problems.Add($"console {m.Type}: {m.Text}"); };
            page.PageError += (_, e) => { lock (problems) problems.Add($"page error: {e}"); };
            page.Request += (_, r) =>
            {
                if (!r.Url.StartsWith(origin, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
                    lock (problems) problems.Add($"fetched from elsewhere: {r.Url}");
            };
            page.RequestFailed += (_, r) => { lock (problems) problems.Add($"request failed: {r.Url}"); };
            page.Response += (_, r) => { if (r.Status >= 400) lock (problems) problems.Add($"HTTP {r.Status}: {r.Url}"); };
        };

        var reference = await maya.Page.RunAndWaitForPopupAsync(() =>
            maya.Page.GetByRole(AriaRole.Link, new() { Name = "API reference" }).ClickAsync());

        new Uri(reference.Url).AbsolutePath.TrimEnd('/').Should().Be("/api-reference");
        try
        {
            await Expect(reference.GetByRole(AriaRole.Heading, new() { Name = "QanDu Chat Dashboard API" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        catch (PlaywrightException)
        {
            lock (problems)
                problems.Should().BeEmpty("the reference did not render; these may say why"); // e.g. the policy refusing its script
            throw;
        }
        // Scalar's own toolbar (which can upload the description to Scalar's servers to share it) is not offered.
        await Expect(reference.GetByRole(AriaRole.Button, new() { Name = "Share" })).ToHaveCountAsync(0);
        // The operations are listed with their methods; one opens with its description, and can be tried from the page.
        await reference.Locator("a[href='#tag/chat/GET/api/chat/threads']").First.ClickAsync();
        var operation = reference.Locator("section[id='v1/tag/chat/GET/api/chat/threads']");
        await Expect(operation.GetByRole(AriaRole.Heading, new() { Name = "/api/chat/threads" })).ToBeVisibleAsync();
        await operation.GetByRole(AriaRole.Button, new() { Name = "Test Request" }).ClickAsync();
        var send = reference.GetByRole(AriaRole.Button, new() { Name = "Send" }).First;
        await Expect(send).ToBeVisibleAsync();
        await send.ClickAsync();
        await Expect(reference.GetByRole(AriaRole.Link, new() { Name = "200 OK", Exact = true })).ToBeVisibleAsync(); // as Maya, with her session
        await Expect(reference.GetByText("\"lastMessagePreview\"").First).ToBeVisibleAsync();
        await reference.ScreenshotAsync(new() { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "qandu-layout")).FullName, "api-reference.png") });
        lock (problems)
            problems.Should().BeEmpty("the reference runs under the pages' Content Security Policy and fetches nothing from elsewhere");
    }

    [BrowserFact]
    public async Task ApiReferenceAndDocument_NotSignedIn_AreOpenLikeTheDescriptionAlwaysWas()
    {
        await using var visitor = await app.OpenAnonymousAsync();

        var page = await visitor.Page.GotoAsync("/api-reference");
        var document = await visitor.Page.APIRequest.GetAsync("/openapi/v1.json");

        page!.Status.Should().Be(200);
        new Uri(visitor.Page.Url).AbsolutePath.Should().Be("/api-reference/");
        document.Status.Should().Be(200);
        (await document.TextAsync()).Should().Contain("\"/api/chat/threads\"");
    }
}
