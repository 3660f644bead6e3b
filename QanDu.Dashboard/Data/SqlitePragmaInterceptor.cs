using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QanDu.Dashboard.Data;

/// <summary>
/// Sets the durability pragmas on every connection as it opens, before any transaction can start
/// (a journal_mode change inside a transaction silently does nothing).
/// </summary>
internal sealed class SqlitePragmaInterceptor(DatabaseOptions options) : DbConnectionInterceptor
{
    private readonly string _sql =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={options.BusyTimeoutMs};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
