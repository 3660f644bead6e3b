using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Users;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// One running app, shared by the tests of a class, and a headless system Chromium (the browser collection's, see
/// <see cref="SharedChromium"/>). Each test opens its own browser contexts (one per signed-in person) and closes them;
/// sign-in happens once per person and fixture.
/// </summary>
public class BrowserAppFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _signedIn = new();
    private DashboardHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowser? _ownBrowser;
    private readonly ConcurrentBag<IBrowserContext> _contexts = [];

    /// <summary>Configuration for the app under test, on top of the repository's appsettings.json.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Replaces services of the app under test (for example its <see cref="TimeProvider"/>); nothing by default.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public DashboardHost Host => _host ?? throw new InvalidOperationException("The app is not running.");

    public IServiceProvider Services => Host.Services;

    public MessageService Messages => Services.GetRequiredService<MessageService>();

    public ThreadService Threads => Services.GetRequiredService<ThreadService>();

    public ReadStateService ReadState => Services.GetRequiredService<ReadStateService>();

    public FileStore Files => Services.GetRequiredService<FileStore>();

    public virtual async Task InitializeAsync()
    {
        if (!Chromium.ShouldRun)
            return; // every test of the class skips (BrowserFactAttribute)
        if (!Chromium.IsInstalled)
            throw new InvalidOperationException($"{Chromium.MissingMessage} (CI=true: a missing browser fails the browser tests instead of skipping them.)");

        _host = new DashboardHost(Settings, ConfigureServices);
        var hostStarted = Task.Run(_host.Start);
        // The browser collection's Chromium when there is one (launching a driver and a browser per class cost seconds
        // each); a browser of this fixture's own otherwise.
        _browser = await SharedChromium.CurrentAsync();
        if (_browser is null)
        {
            _playwright = await Playwright.CreateAsync();
            _browser = _ownBrowser = await SharedChromium.LaunchAsync(_playwright);
        }
        await hostStarted;
        // Warm the app up (the sign-in page's first render, the antiforgery keys) before any test's clock starts.
        using var warmUp = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var _ = await warmUp.GetAsync("/account/login");
    }

    /// <summary>A demo user as the services see them, to create threads and post on their behalf.</summary>
    public async Task<ChatCaller> CallerAsync(string email)
    {
        var users = await Services.GetRequiredService<UserDirectory>().ListAsync(ChatCaller.System("Browser tests"));
        var user = users.Single(u => u.Email == email);
        return new ChatCaller(user.Id, user.DisplayName, SeesAllThreads: false);
    }

    /// <summary>
    /// A fresh browser context, signed in as <paramref name="email"/>, showing <paramref name="path"/>; 1280×800 unless a
    /// <paramref name="viewport"/> is given, and a touch phone (no hover) when <paramref name="phone"/> is set.
    /// </summary>
    public async Task<UserSession> SignInAsync(string email, string path, ViewportSize? viewport = null, bool phone = false)
    {
        var storageState = await _signedIn.GetOrAdd(email, e => new Lazy<Task<string>>(() => SignInThroughFormAsync(e))).Value;
        var session = await OpenAsync(storageState, viewport, phone);
        await session.GotoAsync(path);
        return session;
    }

    /// <summary>A fresh browser context with no sign-in (1280×800 unless a <paramref name="viewport"/> is given).</summary>
    public Task<UserSession> OpenAnonymousAsync(ViewportSize? viewport = null, bool phone = false) => OpenAsync(storageState: null, viewport, phone);

    private async Task<UserSession> OpenAsync(string? storageState, ViewportSize? viewport = null, bool phone = false)
    {
        var browser = _browser ?? throw new InvalidOperationException("The browser is not running.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            StorageState = storageState,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = phone,
            HasTouch = phone,
        });
        _contexts.Add(context);
        context.SetDefaultTimeout(10_000);
        return new UserSession(context, await context.NewPageAsync());
    }

    private async Task<string> SignInThroughFormAsync(string email)
    {
        await using var session = await OpenAnonymousAsync();
        // The sign-in click waits for its navigation too: it gets the same minute as the redirect below (the first sign-in
        // of a run, with every first render, failed at the 10 s default under load).
        session.Context.SetDefaultTimeout(60_000);
        await session.SignInThroughFormAsync(email, DemoUsers.Password);
        // Once per user and fixture; the first sign-in also warms the app up (password hashing, first render), which
        // on a busy shared machine has taken more than the 10 s default, and once (a full CI run) more than 30 s.
        await session.Page.WaitForURLAsync(new Uri(Host.BaseAddress, "/").ToString(), new() { Timeout = 60_000 });
        return await session.Context.StorageStateAsync();
    }

    public virtual async Task DisposeAsync()
    {
        // The shared browser outlives this class: close what a test left open, so no page keeps calling a stopped app.
        foreach (var context in _contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // Already closed with its browser.
            }
        }
        if (_ownBrowser is not null)
            await _ownBrowser.CloseAsync();
        _playwright?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
    }
}
