using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace QanDu.Dashboard.Data;

/// <summary>
/// Sets the durability pragmas on every connection as it opens, before any transaction can start
/// (a journal_mode change inside a transaction silently does nothing). A pooled connection keeps its pragmas, so
/// they run once per physical connection, not on every open (four statements per open cost ~10% of a post).
/// </summary>
internal sealed class SqlitePragmaInterceptor(DatabaseOptions options) : DbConnectionInterceptor
{
    private readonly string _sql =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={options.Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={options.BusyTimeoutMs};";

    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True the first time this physical SQLite connection (its native handle) is seen.</summary>
    private bool FirstOpen(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
            return true;
        lock (_configured)
        {
            if (_configured.TryGetValue(handle, out _))
                return false;
            _configured.Add(handle, handle);
            return true;
        }
    }
}
