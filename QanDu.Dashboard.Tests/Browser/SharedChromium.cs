using Microsoft.Playwright;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// One Playwright driver and one headless system Chromium for the whole <see cref="BrowserCollection"/> (a collection
/// fixture: started before its first class, closed after its last). Every <see cref="BrowserAppFixture"/> of the
/// collection opens its contexts in it instead of launching a browser of its own; each test still gets fresh contexts
/// (no cookies, storage or pages shared between tests).
/// </summary>
public sealed class SharedChromium : IAsyncLifetime
{
    private static readonly string[] Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];
    private static volatile SharedChromium? _current;

    private readonly TaskCompletionSource<IBrowser?> _launched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    // Set on construction: xunit creates every collection fixture before it initializes them (all at once), so a fixture
    // of the collection that starts beside this one waits for the launch instead of missing it.
    public SharedChromium() => _current = this;

    /// <summary>The collection's running browser; null outside the collection, or once it has closed or crashed.</summary>
    internal static async Task<IBrowser?> CurrentAsync() =>
        _current is { } shared && await shared._launched.Task is { IsConnected: true } browser ? browser : null;

    public async Task InitializeAsync()
    {
        try
        {
            if (Chromium.ShouldRun && Chromium.IsInstalled) // otherwise BrowserAppFixture reports the missing browser (or the tests skip)
            {
                _playwright = await Playwright.CreateAsync();
                _browser = await LaunchAsync(_playwright);
            }
        }
        finally
        {
            _launched.TrySetResult(_browser); // null when it did not start: each fixture then launches its own
        }
    }

    /// <summary>Chromium as the browser tests run it: the system binary, headless, no sandbox, no GPU.</summary>
    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Args,
        });

    public async Task DisposeAsync()
    {
        if (_current == this)
            _current = null;
        if (_browser is not null)
            await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
