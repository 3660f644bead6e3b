using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Inbox.Components;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// One person's browser tab. It records what a person would see go wrong (failed requests, script errors,
/// console errors), so a test can assert that the page loaded cleanly.
/// </summary>
public sealed class UserSession : IAsyncDisposable
{
    private readonly List<string> _problems = [];
    private readonly List<string> _webSockets = [];

    public UserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                Record($"console error: {message.Text}");
        };
        page.PageError += (_, error) => Record($"page error: {error}");
        page.RequestFailed += (_, request) => Record($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                Record($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
        page.WebSocket += (_, socket) =>
        {
            lock (_webSockets)
                _webSockets.Add(socket.Url);
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public ILocator Composer => Page.GetByTestId("composer");

    public ILocator Messages => Page.GetByTestId("message");

    public IReadOnlyList<string> Problems
    {
        get { lock (_problems) return [.. _problems]; }
    }

    public IReadOnlyList<string> WebSockets
    {
        get { lock (_webSockets) return [.. _webSockets]; }
    }

    public ILocator ThreadItem(long threadId) => Page.Locator($"[data-testid=thread-item][data-thread-id='{threadId}']");

    public ILocator Message(string text) => Messages.Filter(new LocatorFilterOptions { HasText = text });

    public async Task GotoAsync(string path) => await Page.GotoAsync(path);

    public async Task SignInThroughFormAsync(string email, string password)
    {
        if (!Page.Url.Contains("/account/login", StringComparison.Ordinal))
            await Page.GotoAsync("/account/login");
        await Page.Locator("#email").FillAsync(email);
        await Page.Locator("#password").FillAsync(password);
        await Page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>
    /// Waits until the circuit is interactive in thread <paramref name="threadId"/>: the composer's script is attached
    /// for that thread (its text and its files: the two are attached one after the other) and the message list listens
    /// for scrolling. Keys typed or files dropped before that would be lost.
    /// </summary>
    public async Task WaitForThreadAsync(long threadId) =>
        await Page.WaitForFunctionAsync(
            """
            key => {
                const composer = document.querySelector('[data-testid=composer]');
                const area = document.querySelector('[data-testid=composer-area]');
                const messages = document.querySelector('[data-testid=messages]');
                return composer?._qandu?.draftKey === key && !!area?._qanduFiles && !!messages?._qandu;
            }
            """,
            $"qandu.draft.{threadId}");

    /// <summary>Types like a person (key by key, so the composer's keyboard handling is exercised) and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.PressSequentiallyAsync(text);
        await Composer.PressAsync("Enter");
    }

    /// <summary>
    /// Starts watching (with a MutationObserver, so the time is exact, not a polling interval) for
    /// <paramref name="text"/> inside an element matching <paramref name="selector"/>. The returned function waits
    /// for it and gives the browser time it appeared, in milliseconds since the epoch.
    /// </summary>
    public async Task<Func<Task<long>>> WatchForTextAsync(string selector, string text)
    {
        var id = await Page.EvaluateAsync<int>(
            """
            ([selector, text]) => {
                const found = () => [...document.querySelectorAll(selector)].some(e => e.textContent.includes(text));
                window.qdWatches ??= [];
                window.qdWatches.push(new Promise(resolve => {
                    if (found()) return resolve(Date.now());
                    const observer = new MutationObserver(() => {
                        if (found()) { observer.disconnect(); resolve(Date.now()); }
                    });
                    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
                }));
                return window.qdWatches.length - 1;
            }
            """,
            new[] { selector, text });
        return async () => await Page.EvaluateAsync<long>("id => window.qdWatches[id]", id).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Milliseconds since the epoch on the browser's clock (all contexts share the machine's clock).</summary>
    public Task<long> NowAsync() => Page.EvaluateAsync<long>("() => Date.now()");

    public void ShouldHaveLoadedCleanly() =>
        Problems.Should().BeEmpty("the page, its scripts (blazor.web.js, MudBlazor) and its styles should load without errors");

    private void Record(string problem)
    {
        lock (_problems)
            _problems.Add(problem);
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
