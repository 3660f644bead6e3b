using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Data;

/// <summary>
/// Durability is only as good as the pragmas on the connection that commits, so every connection is checked,
/// on a database the migrations have just created in an empty folder.
/// </summary>
public sealed class SqlitePragmaInterceptorTests
{
    [Fact]
    public async Task ConnectionOpened_FreshMigratedDatabase_EveryConnectionIsWalWithForeignKeysAndFullSync()
    {
        await using var factory = new DashboardFactory();

        var pragmas = await ReadPragmasOnConcurrentConnectionsAsync(factory, connections: 5);

        pragmas.Should().HaveCount(5).And.AllBeEquivalentTo(new Pragmas("wal", 1, 2));
    }

    [Fact]
    public async Task ConnectionOpened_SynchronousNormalConfigured_EveryConnectionReportsNormal()
    {
        await using var factory = new DashboardFactory { Settings = { ["Storage:Synchronous"] = "NORMAL" } };

        var pragmas = await ReadPragmasOnConcurrentConnectionsAsync(factory, connections: 3);

        pragmas.Should().HaveCount(3).And.AllBeEquivalentTo(new Pragmas("wal", 1, 1));
    }

    [Fact]
    public async Task ConnectionOpened_FreshMigratedDatabase_FileItselfIsInWalMode()
    {
        await using var factory = new DashboardFactory();
        _ = factory.Services; // starts the app, which migrates the empty folder

        // A plain connection, without the app's interceptor: WAL is a property of the file, so it must stick.
        var path = Path.Combine(factory.DataFolder, "qandu.db");
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        (await PragmaAsync(connection, "journal_mode")).Should().Be("wal");
    }

    private static async Task<List<Pragmas>> ReadPragmasOnConcurrentConnectionsAsync(DashboardFactory factory, int connections)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        var contexts = new List<ChatDbContext>();
        try
        {
            // Held open together, so each is its own physical connection rather than one reused from the pool.
            for (var i = 0; i < connections; i++)
            {
                var db = await dbFactory.CreateDbContextAsync();
                contexts.Add(db);
                await db.Database.OpenConnectionAsync();
            }
            var result = new List<Pragmas>();
            foreach (var db in contexts)
            {
                var connection = db.Database.GetDbConnection();
                result.Add(new Pragmas(
                    (await PragmaAsync(connection, "journal_mode"))!.ToLowerInvariant(),
                    Convert.ToInt32(await PragmaAsync(connection, "foreign_keys")),
                    Convert.ToInt32(await PragmaAsync(connection, "synchronous"))));
            }
            return result;
        }
        finally
        {
            foreach (var db in contexts)
                await db.DisposeAsync();
        }
    }

    private static async Task<string?> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private sealed record Pragmas(string JournalMode, int ForeignKeys, int Synchronous);
}
