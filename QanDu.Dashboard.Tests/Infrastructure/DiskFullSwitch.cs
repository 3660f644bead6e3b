using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// A full disk on demand, without a tiny file system: while <see cref="Full"/> is on, every connection the app opens caps
/// the database at its current size (<c>PRAGMA max_page_count</c>), so any write that needs a new page fails inside
/// SQLite with SQLITE_FULL ("database or disk is full"), the error a full disk gives.
/// </summary>
public sealed class DiskFullSwitch : DbConnectionInterceptor
{
    private const long NoCap = 2_147_483_646;
    private volatile bool _full;

    public bool Full
    {
        get => _full;
        set => _full = value;
    }

    /// <summary>Adds the switch to the app's database connections and services (for <see cref="DashboardFactory.TestServices"/>).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.ConfigureDbContext<ChatDbContext>((_, options) => options.AddInterceptors(this));
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ApplyAsync(connection).GetAwaiter().GetResult();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection);

    private async Task ApplyAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        var cap = _full ? Convert.ToInt64(await command.ExecuteScalarAsync()) : NoCap;
        command.CommandText = $"PRAGMA max_page_count = {cap}";
        await command.ExecuteScalarAsync();
    }
}
