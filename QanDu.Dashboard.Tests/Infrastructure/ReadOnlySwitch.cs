using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// A read-only database on demand (the tests run as root, for whom a chmod'ed file stays writable): while
/// <see cref="ReadOnly"/> is on, every connection the app opens is switched to <c>PRAGMA query_only</c>, so any write
/// fails inside SQLite with SQLITE_READONLY, as a read-only file or mount gives.
/// </summary>
public sealed class ReadOnlySwitch : DbConnectionInterceptor
{
    private volatile bool _readOnly;

    public bool ReadOnly
    {
        get => _readOnly;
        set => _readOnly = value;
    }

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
        command.CommandText = $"PRAGMA query_only = {(_readOnly ? 1 : 0)}";
        await command.ExecuteNonQueryAsync();
    }
}
