using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Data;

/// <summary>An install from before people management keeps its people, their messages and their threads.</summary>
public sealed class PeopleMigrationTests
{
    [Fact]
    public async Task Migrate_DatabaseFromBeforePeople_KeepsEveryoneAndTheirWorkAndTimesFollowTheBrowser()
    {
        using var folder = new TempDataFolder();
        var connectionString = $"Data Source={Path.Combine(folder.Path, "qandu.db")};Pooling=False";
        await using (var db = Context(connectionString))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261204154935_UniqueAttachmentStoredName");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO AspNetUsers (Id, DisplayName, Presence, CreatedAt, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ('u1', 'Old Timer', 0, '2025-01-01 00:00:00', 0, 0, 0, 0, 0);
                INSERT INTO Threads (Id, Title, Type, Status, Priority, CreatedById, CreatedAt, UpdatedAt, AssigneeId) VALUES (1, 'Legacy', 1, 0, 1, 'u1', '2025-01-01', '2025-01-01', 'u1');
                INSERT INTO Messages (Id, ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, Status) VALUES
                    (1, 1, 'kept through the table rebuilds', 0, 'u1', 'Old Timer', 0, '2025-01-01 10:00:00', 1);
                """);
        }

        await using (var db = Context(connectionString))
        {
            await db.Database.MigrateAsync();

            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == "u1");
            user.TimeZone.Should().BeNull("nobody chose a zone before profiles existed: times follow the browser");
            user.DeactivatedAt.Should().BeNull();
            (await db.Threads.AsNoTracking().SingleAsync(t => t.Id == 1)).AssigneeId.Should().Be("u1");
            (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == 1)).SenderId.Should().Be("u1",
                "rebuilding the users and threads tables must not cascade into the messages");
            (await db.Database.SqlQueryRaw<long>("SELECT count(*) AS Value FROM pragma_foreign_key_check").SingleAsync()).Should().Be(0);
        }
    }

    private static ChatDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(connectionString).Options);
}
