using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Tests.Browser;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>
/// The dashboard on Kestrel (real HTTP on loopback) using the in-process OpenID Connect provider, with password sign-in
/// left to the break-glass admin only (demo admin), and unknown people refused. Shared by one test class.
/// </summary>
public sealed class SingleSignOnHost : IAsyncLifetime
{
    public OidcTestServer Provider { get; private set; } = null!;

    public DashboardHost App { get; private set; } = null!;

    public Uri BaseAddress => App.BaseAddress;

    public async Task InitializeAsync()
    {
        Provider = await OidcTestServer.StartAsync();
        App = new DashboardHost(Provider.DashboardSettings(
            ("Auth:Oidc:PasswordSignIn", "BreakGlassOnly"),
            ("Auth:Oidc:BreakGlassEmail", DemoUsers.Admin)));
        await Task.Run(App.Start);
        await Provider.RegisterClientAsync(App.BaseAddress);
    }

    /// <summary>The audit entries of <paramref name="action"/>, oldest first.</summary>
    public async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<T> QueryAsync<T>(Func<ChatDbContext, Task<T>> query)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
            await App.DisposeAsync();
        if (Provider is not null)
            await Provider.DisposeAsync();
    }
}
