using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Presence;

namespace QanDu.Dashboard.Tests.Browser.Widget;

/// <summary>The app (demo data, for the agents) plus two customer websites on other loopback ports: one allowed, one not.</summary>
public class WidgetBrowserFixture : BrowserAppFixture
{
    private HostSite? _allowed;
    private HostSite? _stranger;

    public HostSite Allowed => _allowed ?? throw new InvalidOperationException("The host site is not running.");

    /// <summary>A website no channel allows.</summary>
    public HostSite Stranger => _stranger ?? throw new InvalidOperationException("The host site is not running.");

    public TypingService Typing => Services.GetRequiredService<TypingService>();

    /// <summary>
    /// Every test's visitors come from 127.0.0.1, and a widget asks for its session again when it starts a conversation:
    /// the per-address session limit (20 a minute) is for a website's real visitors, not a test class's dozens of
    /// visitors in a minute (VisitorRateLimitTests check the limit itself).
    /// </summary>
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["RateLimits:VisitorSessionsPerMinute"] = "1000" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!Chromium.ShouldRun)
            return;
        _allowed = await HostSite.StartAsync(Host.BaseAddress);
        _stranger = await HostSite.StartAsync(Host.BaseAddress);
    }

    public async Task<T> QueryAsync<T>(Func<ChatDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public override async Task DisposeAsync()
    {
        if (_allowed is not null)
            await _allowed.DisposeAsync();
        if (_stranger is not null)
            await _stranger.DisposeAsync();
        await base.DisposeAsync();
    }
}
