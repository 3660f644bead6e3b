using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Data;

/// <summary>The search migration indexes messages that existed before it, and its triggers keep the index current.</summary>
public sealed class AddMessageSearchMigrationTests
{
    [Fact]
    public async Task Migrate_ExistingDatabaseWithMessages_IndexesThemAndLaterChanges()
    {
        using var folder = new TempDataFolder();
        var connectionString = $"Data Source={Path.Combine(folder.Path, "qandu.db")};Pooling=False";
        await using (var db = Context(connectionString))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261124131849_Initial");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO AspNetUsers (Id, DisplayName, Presence, CreatedAt, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ('u1', 'Old Timer', 0, '2025-01-01 00:00:00', 0, 0, 0, 0, 0);
                INSERT INTO Threads (Id, Title, Type, Status, Priority, CreatedById, CreatedAt, UpdatedAt) VALUES (1, 'Legacy', 1, 0, 1, 'u1', '2025-01-01', '2025-01-01');
                INSERT INTO Messages (Id, ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, Status) VALUES
                    (1, 1, 'legacy refunded message', 0, 'u1', 'Old Timer', 0, '2025-01-01 10:00:00', 1),
                    (2, 1, '', 0, 'u1', 'Old Timer', 0, '2025-01-01 11:00:00', 1);
                UPDATE Messages SET DeletedAt = '2025-01-02' WHERE Id = 2;
                """);
        }

        await using (var db = Context(connectionString))
        {
            await db.Database.MigrateAsync();
            (await MatchesAsync(db, "MessageSearchTrigrams", "\"funde\"")).Should().Equal(1L);
            (await MatchesAsync(db, "MessageSearchWords", "\"legacy\"")).Should().Equal(1L);

            await db.Database.ExecuteSqlRawAsync("UPDATE Messages SET Content = 'edited wording' WHERE Id = 1");
            (await MatchesAsync(db, "MessageSearchWords", "\"legacy\"")).Should().BeEmpty();
            (await MatchesAsync(db, "MessageSearchTrigrams", "\"wording\"")).Should().Equal(1L);

            await db.Database.ExecuteSqlRawAsync("INSERT INTO Attachments (MessageId, Type, Name, Size, MimeType, StoredName) VALUES (1, 1, 'contract-2025.pdf', 1, 'application/pdf', 's')");
            (await MatchesAsync(db, "MessageSearchTrigrams", "\"contract-2025\"")).Should().Equal(1L);

            await db.Database.ExecuteSqlRawAsync("UPDATE Messages SET Content = '', DeletedAt = '2025-02-01' WHERE Id = 1");
            (await MatchesAsync(db, "MessageSearchTrigrams", "\"wording\"")).Should().BeEmpty();
            (await MatchesAsync(db, "MessageSearchWords", "\"contract\"")).Should().BeEmpty();
        }
    }

    [Fact]
    public async Task MigrateDown_ToInitial_RemovesSearchTablesAndTriggers()
    {
        using var folder = new TempDataFolder();
        await using var db = Context($"Data Source={Path.Combine(folder.Path, "qandu.db")};Pooling=False");
        await db.Database.MigrateAsync();

        await db.GetService<IMigrator>().MigrateAsync("20261124131849_Initial");

        var leftovers = await db.Database.SqlQueryRaw<string>(
            "SELECT name AS Value FROM sqlite_master WHERE name LIKE 'MessageSearch%' OR name LIKE '%_Search_%'").ToListAsync();
        leftovers.Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).Should().Equal("20261124131849_Initial");
    }

    private static ChatDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(connectionString).Options);

    private static async Task<List<long>> MatchesAsync(ChatDbContext db, string table, string match)
    {
        var sql = table == "MessageSearchWords"
            ? "SELECT rowid AS Value FROM MessageSearchWords WHERE MessageSearchWords MATCH @match"
            : "SELECT rowid AS Value FROM MessageSearchTrigrams WHERE MessageSearchTrigrams MATCH @match";
        return await db.Database.SqlQueryRaw<long>(sql, new SqliteParameter("@match", match)).ToListAsync();
    }
}
