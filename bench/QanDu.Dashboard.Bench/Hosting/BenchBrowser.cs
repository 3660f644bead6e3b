using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// The system Chromium (never a downloaded one), headless, driven by Playwright against a <see cref="BenchApp"/>.
/// Each person signs in once through the real /account/login form; every further page is a fresh browser context
/// started from that storage state (one tab of its own, as an agent's browser would be). Disposing closes every
/// context and the browser, also after a failure.
/// </summary>
internal sealed class BenchBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Every wait for the browser is bounded by this (sign-in gets twice as much: it warms the app up). Generous:
    /// on the shared 2-core machine a page load has taken more than 30 s while 100 tabs were open.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

    private readonly ConcurrentDictionary<string, string> _storageStates = new();
    private readonly ConcurrentBag<IBrowserContext> _contexts = [];
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseAddress;

    private BenchBrowser(IPlaywright playwright, IBrowser browser, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        _baseAddress = baseAddress;
    }

    /// <summary>
    /// Null when Chromium is installed; otherwise why the scenario is skipped. On CI (CI=true) a missing browser is a
    /// broken build, so this throws instead.
    /// </summary>
    public static string? SkipReason()
    {
        if (File.Exists(ExecutablePath))
            return null;
        var message = $"Chromium is not installed at {ExecutablePath}; install it with: sudo apt-get install -y chromium";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{message} (CI=true: the browser scenarios must run on CI).");
        return $"skipped: {message}";
    }

    public static async Task<BenchBrowser> LaunchAsync(Uri baseAddress)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                Timeout = (float)Timeout.TotalMilliseconds,
            });
            return new BenchBrowser(playwright, browser, baseAddress);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Signs <paramref name="email"/> in through the real form, once; later pages reuse the cookie.</summary>
    public async Task SignInAsync(string email, string password)
    {
        if (_storageStates.ContainsKey(email))
            return;
        var context = await NewContextAsync(storageState: null);
        try
        {
            var page = await context.NewPageAsync();
            // Only the cookie is wanted: the inbox the form redirects to must not start a circuit that would then
            // linger in the server's memory while the circuit scenario measures its baseline.
            await page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
            await page.GotoAsync("/account/login");
            await page.Locator("#email").FillAsync(email);
            await page.Locator("#password").FillAsync(password);
            await page.Locator("button[type=submit]").ClickAsync();
            // The form answers with the inbox, or with itself and an error; both are waited for (bounded).
            var home = new Uri(_baseAddress, "/").ToString();
            var error = page.Locator(".qd-login-error");
            await page.WaitForFunctionAsync(
                "home => location.href === home || !!document.querySelector('.qd-login-error')", home,
                new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds * 2, PollingInterval = 100 });
            if (page.Url != home)
                throw new InvalidOperationException($"Signing in {email} failed: {await error.InnerTextAsync()}");
            _storageStates[email] = await context.StorageStateAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A new tab (its own context) of a signed-in person, still blank.</summary>
    public async Task<IPage> OpenBlankAsync(string email)
    {
        var state = _storageStates.TryGetValue(email, out var s)
            ? s
            : throw new InvalidOperationException($"{email} has not signed in.");
        var context = await NewContextAsync(state);
        return await context.NewPageAsync();
    }

    /// <summary>Shows thread <paramref name="threadId"/> in <paramref name="page"/> and waits until its circuit is interactive there.</summary>
    public static async Task ShowThreadAsync(IPage page, long threadId)
    {
        await page.GotoAsync($"/threads/{threadId}");
        await WaitForThreadAsync(page, threadId);
    }

    /// <summary>
    /// Waits until the circuit is interactive in the thread: the composer's script is attached for that thread and
    /// the message list listens for scrolling (what the browser tests wait for before typing).
    /// </summary>
    public static async Task WaitForThreadAsync(IPage page, long threadId) =>
        await page.WaitForFunctionAsync(
            """
            key => {
                const composer = document.querySelector('[data-testid=composer]');
                const messages = document.querySelector('[data-testid=messages]');
                return composer?._qandu?.draftKey === key && !!messages?._qandu;
            }
            """,
            $"qandu.draft.{threadId}",
            new PageWaitForFunctionOptions { Timeout = (float)Timeout.TotalMilliseconds, PollingInterval = 50 });

    private async Task<IBrowserContext> NewContextAsync(string? storageState)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            StorageState = storageState,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Closes every tab (in parallel, each bounded) so their circuits end.</summary>
    public async Task CloseAllPagesAsync()
    {
        var contexts = _contexts.ToArray();
        _contexts.Clear();
        await Task.WhenAll(contexts.Select(async c =>
        {
            try
            {
                await c.CloseAsync().WaitAsync(Timeout);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // Already closed, or the browser is going away; closing the browser below ends it anyway.
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAllPagesAsync();
            await _browser.CloseAsync().WaitAsync(Timeout);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // The browser process may already be gone; disposing Playwright below stops its driver.
        }
        finally
        {
            _playwright.Dispose();
        }
    }
}
