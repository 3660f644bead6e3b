using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Bench;
using QanDu.Dashboard.Bench.Hosting;

namespace QanDu.Dashboard.Tests.Bench;

/// <summary>
/// The reports benchmark's workspace holds what its table says it measured (quick size), and its log agrees with its
/// conversations. It counts rows, measures nothing, so it runs beside other classes (its own cache folder).
/// </summary>
public sealed class ReportsDataSetTests
{
    [Fact]
    public async Task QuickSize_StatedCounts_AreWhatTheDatabaseHolds()
    {
        var cache = Directory.CreateTempSubdirectory("qandu-reports-bench-").FullName;
        try
        {
            var writer = new StringWriter();
            var set = await ReportsDataSet.GetOrCreateAsync(new BenchOptions { Quick = true, CacheDirectory = cache }, new BenchLog(writer), CancellationToken.None);

            set.Should().BeEquivalentTo(new { Messages = 4_000, Conversations = 200, Agents = 20, Channels = 3, Teams = 2, SlaPolicies = 3 },
                o => o.ExcludingMissingMembers());
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(set.Folder, "qandu.db")};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            async Task<long> Count(string sql)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                return (long)(await command.ExecuteScalarAsync())!;
            }
            (await Count("SELECT count(*) FROM Messages")).Should().Be(4_000);
            (await Count("SELECT count(*) FROM Threads WHERE ContactId IS NOT NULL")).Should().Be(200);
            (await Count("SELECT count(*) FROM Channels")).Should().Be(3);
            (await Count("SELECT count(*) FROM Teams")).Should().Be(2);
            (await Count("SELECT count(*) FROM SlaPolicies")).Should().Be(3);
            (await Count("SELECT count(*) FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE r.Name = 'Agent'")).Should().Be(20);
            (await Count("SELECT count(*) FROM ConversationActivity")).Should().Be(set.Facts);
            (await Count("SELECT count(*) FROM ConversationActivity WHERE Kind = 0")).Should().Be(200, "one Created fact per conversation");
            (await Count("SELECT count(*) FROM ConversationActivity WHERE MessageId IS NOT NULL")).Should().Be(4_000, "one fact per message");
            (await Count("SELECT count(*) FROM ConversationActivity WHERE Kind = 4"))
                .Should().Be(await Count("SELECT count(*) FROM Threads WHERE Status = 1") + await Count("SELECT count(*) FROM ConversationActivity WHERE Kind = 5"));
            (await Count("SELECT count(*) FROM ConversationActivity a JOIN Threads t ON t.Id = a.ThreadId WHERE a.Kind = 8 AND a.Value = t.Rating AND a.At = t.RatedAt"))
                .Should().Be(await Count("SELECT count(*) FROM Threads WHERE Rating IS NOT NULL")).And.BeGreaterThan(20);
            foreach (var kind in new[] { "Created", "CustomerMessage", "AgentReply", "AssistantReply", "Resolved", "Reopened", "Assigned", "HandedOff", "Rated", "SlaBreached" })
                set.FactsByKind.Should().ContainKey(kind).WhoseValue.Should().BeGreaterThan(0, "the log has {0} facts", kind);
            (await Count("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Messages'")).Should().Be(3, "the search triggers are back");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(cache, recursive: true);
        }
    }
}
