using System.Text.Json;
using Microsoft.Data.Sqlite;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// Writes a <see cref="LargeDataPlan"/> into an app database whose schema the app created, with raw parameterized
/// SQLite commands in large transactions (the app's FTS5 triggers index every message as it goes in). What it writes
/// is what the app would have written: the message writer's statuses and read cursors, the thread previews, the
/// analysis metadata of <see cref="MessageAnalyzer"/>.
/// </summary>
internal sealed class LargeDataWriter(SqliteConnection connection, LargeDataPlan plan, MessageAnalyzer analyzer, BenchLog log)
{
    private const int MessagesPerTransaction = 50_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web); // as the app's Metadata column converter
    private static readonly string[] ReactionEmoji = ["👍", "❤️", "🎉", "😄", "🙏", "👀", "✅"];

    private readonly Dictionary<string, string> _analysisByShape = new(StringComparer.Ordinal);

    /// <summary>Time spent in the app's analyzer, for the progress log.</summary>
    public TimeSpan AnalysisTime { get; private set; }

    public async Task WriteAsync(CancellationToken ct)
    {
        await Execute("PRAGMA cache_size = -131072"); // 128 MB page cache for the bulk load only
        // The bulk load is not durable until it is checkpointed and marked complete; an interrupted one is thrown away.
        await Execute("PRAGMA synchronous = OFF");
        await using (var transaction = connection.BeginTransaction())
        {
            await WriteUsersAsync(transaction);
            await WriteThreadsAsync(transaction);
            await transaction.CommitAsync(ct);
        }
        var outcome = await WriteMessagesAsync(ct);
        await using (var transaction = connection.BeginTransaction())
        {
            await FinishThreadsAsync(transaction, outcome);
            await transaction.CommitAsync(ct);
        }
        await Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private async Task WriteUsersAsync(SqliteTransaction transaction)
    {
        var roles = new Dictionary<string, string>();
        await using (var read = Command(transaction, "SELECT Id, Name FROM AspNetRoles"))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                roles[reader.GetString(1)] = reader.GetString(0);
        var random = new Random(plan.Seed + 1);
        await using var insert = Command(transaction,
            "INSERT INTO AspNetUsers (Id, DisplayName, Presence, CreatedAt, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, "
            + "SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, AccessVersion, Language) "
            + "VALUES (@id, @name, @presence, @at, @email, @normalized, @email, @normalized, 1, @stamp, @concurrency, 0, 0, 1, 0, 0, 'en')",
            "@id", "@name", "@presence", "@at", "@email", "@normalized", "@stamp", "@concurrency");
        await using var role = Command(transaction, "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES (@user, @role)", "@user", "@role");
        foreach (var user in plan.Users)
        {
            // As UserManager writes them: upper-invariant normalized names, a Base32-like security stamp, a GUID concurrency stamp.
            await Run(insert, user.Id, user.Name, (int)(user.Role is null ? PresenceStatus.Offline : PresenceStatus.Online), user.CreatedAt,
                user.Email, user.Email.ToUpperInvariant(), Convert.ToHexString(Bytes(random, 20)), new Guid(Bytes(random, 16)).ToString());
            if (user.Role is { } name)
                await Run(role, user.Id, roles[name]);
        }
    }

    private async Task WriteThreadsAsync(SqliteTransaction transaction)
    {
        await using var insert = Command(transaction,
            "INSERT INTO Threads (Id, Title, Type, Status, Priority, AssigneeId, CreatedById, CreatedAt, UpdatedAt) "
            + "VALUES (@id, @title, @type, 0, @priority, @assignee, @creator, @at, @at)",
            "@id", "@title", "@type", "@priority", "@assignee", "@creator", "@at");
        await using var participant = Command(transaction, "INSERT INTO Participants (ThreadId, UserId, JoinedAt) VALUES (@thread, @user, @at)",
            "@thread", "@user", "@at");
        foreach (var thread in plan.Threads)
        {
            var created = thread.Start.AddMinutes(-1);
            // The customer's agent opens a customer conversation; otherwise the first participant does.
            var creator = plan.Users[thread.Assignee ?? thread.Participants[0]].Id;
            await Run(insert, ThreadId(thread), thread.Title, (int)thread.Type, (int)thread.Priority,
                thread.Assignee is { } a ? plan.Users[a].Id : null, creator, created);
            foreach (var user in thread.Participants)
                await Run(participant, ThreadId(thread), plan.Users[user].Id, created);
        }
    }

    /// <summary>The app's ids: threads are numbered from 1 in plan order.</summary>
    public static long ThreadId(PlannedThread thread) => thread.Index + 1;

    private sealed class ThreadOutcome
    {
        public int Written;
        public long LastId;
        public string LastContent = "";
        public string LastSender = "";
        public DateTime LastAt;
        public readonly Dictionary<int, (long Id, DateTime At)> LastOwn = [];
        public readonly long[] Recent = new long[10];
    }

    private async Task<ThreadOutcome[]> WriteMessagesAsync(CancellationToken ct)
    {
        var random = new Random(plan.Seed + 2);
        var ticks = new long[plan.MessageCount];
        var threadOf = new int[plan.MessageCount];
        plan.FillTimes(random, ticks, threadOf);
        Array.Sort(ticks, threadOf); // ids follow time across the workspace, as commits do
        var outcomes = plan.Threads.Select(_ => new ThreadOutcome()).ToArray();
        var lastOther = plan.Threads.Select(LastPositionOfAnotherSender).ToArray();
        var archived = plan.Threads.Select(IsArchived).ToArray();
        var text = new TextGenerator(plan.Seed + 3);
        var emoji = ReactionEmoji.Select(e => EmojiCatalog.Default.Find(e)?.Emoji ?? e).ToArray();

        for (var start = 0; start < plan.MessageCount; start += MessagesPerTransaction)
        {
            ct.ThrowIfCancellationRequested();
            await using var transaction = connection.BeginTransaction();
            await using var insert = Command(transaction,
                "INSERT INTO Messages (ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, ReplyToId, Status, ClientKey, Metadata) "
                + "VALUES (@thread, @content, 0, @sender, @name, 0, @at, @reply, @status, @key, @metadata) RETURNING Id",
                "@thread", "@content", "@sender", "@name", "@at", "@reply", "@status", "@key", "@metadata");
            await using var react = Command(transaction, "INSERT INTO Reactions (MessageId, UserId, Emoji, CreatedAt) VALUES (@message, @user, @emoji, @at)",
                "@message", "@user", "@emoji", "@at");
            var end = Math.Min(plan.MessageCount, start + MessagesPerTransaction);
            for (var n = start; n < end; n++)
            {
                var thread = plan.Threads[threadOf[n]];
                var outcome = outcomes[thread.Index];
                var position = outcome.Written++;
                var who = thread.Senders[position];
                var sender = plan.Users[thread.Participants[who]];
                var at = new DateTime(ticks[n], DateTimeKind.Utc);
                var content = text.Message(out var shape);
                // The writer's rule: a message turns read once someone else posts after it; archived threads were read to the end.
                var read = archived[thread.Index]
                           || (position < thread.Count - 1 && (who != thread.Senders[^1] || position < lastOther[thread.Index]));
                long? replyTo = position > 0 && random.Next(100) < 2 ? outcome.Recent[random.Next(Math.Min(position, outcome.Recent.Length))] : null;
                insert.Parameters["@thread"].Value = ThreadId(thread);
                insert.Parameters["@content"].Value = content;
                insert.Parameters["@sender"].Value = sender.Id;
                insert.Parameters["@name"].Value = sender.Name;
                insert.Parameters["@at"].Value = at;
                insert.Parameters["@reply"].Value = (object?)replyTo ?? DBNull.Value;
                insert.Parameters["@status"].Value = (int)(read ? MessageStatus.Read : MessageStatus.Sent);
                insert.Parameters["@key"].Value = new Guid(Bytes(random, 16)).ToString("N");
                insert.Parameters["@metadata"].Value = await AnalysisJsonAsync(shape, content, ct);
                var id = (long)(await insert.ExecuteScalarAsync(ct))!;

                if (thread.Participants.Length > 1 && random.Next(100) < 3)
                {
                    var reactor = thread.Participants[(who + 1 + random.Next(thread.Participants.Length - 1)) % thread.Participants.Length];
                    await Run(react, id, plan.Users[reactor].Id, emoji[random.Next(emoji.Length)], at.AddMinutes(random.Next(1, 90)));
                }
                outcome.Recent[position % outcome.Recent.Length] = id;
                outcome.LastId = id;
                outcome.LastContent = content;
                outcome.LastSender = sender.Name;
                outcome.LastAt = at;
                outcome.LastOwn[who] = (id, at);
            }
            await transaction.CommitAsync(ct);
            log.Info($"generate: {Figures(end)} of {Figures(plan.MessageCount)} messages ({Figures(_analysisByShape.Count)} shapes analysed in {AnalysisTime.TotalSeconds:0.0} s; process CPU {ProcessCpu.Now().TotalSeconds:0.0} s)");
        }
        return outcomes;
    }

    /// <summary>Previews and times as the writer keeps them, archive state, and read cursors.</summary>
    private async Task FinishThreadsAsync(SqliteTransaction transaction, ThreadOutcome[] outcomes)
    {
        await using var update = Command(transaction,
            "UPDATE Threads SET LastMessageId = @last, LastMessagePreview = @preview, LastMessageSenderName = @name, LastMessageAt = @at, "
            + "UpdatedAt = @at, Status = @status WHERE Id = @id",
            "@last", "@preview", "@name", "@at", "@status", "@id");
        await using var cursor = Command(transaction, "INSERT INTO ReadCursors (ThreadId, UserId, LastReadMessageId, UpdatedAt) VALUES (@thread, @user, @message, @at)",
            "@thread", "@user", "@message", "@at");
        foreach (var thread in plan.Threads)
        {
            var outcome = outcomes[thread.Index];
            var archived = IsArchived(thread);
            await Run(update, outcome.LastId, MessageProjection.Preview(outcome.LastContent), outcome.LastSender, outcome.LastAt,
                (int)(archived ? ThreadStatus.Archived : ThreadStatus.Active), ThreadId(thread));
            for (var who = 0; who < thread.Participants.Length; who++)
            {
                // Posting moves the poster's cursor to their own message; an archived thread was read to the end by all.
                (long Id, DateTime At)? position = archived ? (outcome.LastId, outcome.LastAt.AddHours(1))
                    : outcome.LastOwn.TryGetValue(who, out var own) ? own : null;
                if (position is { } p)
                    await Run(cursor, ThreadId(thread), plan.Users[thread.Participants[who]].Id, p.Id, p.At);
            }
        }
    }

    private static bool IsArchived(PlannedThread thread) =>
        thread.Index != 0 && thread.End < LargeDataPlan.HistoryEnd - LargeDataPlan.ArchiveAfter;

    private static int LastPositionOfAnotherSender(PlannedThread thread)
    {
        var last = thread.Senders[^1];
        for (var i = thread.Count - 1; i >= 0; i--)
            if (thread.Senders[i] != last)
                return i;
        return -1;
    }

    /// <summary>
    /// The app's local analysis, stored as the app stores it. Analysing a million texts would take most of the
    /// generation time (about 1 ms each), so each message shape (the phrases before order numbers, names and products
    /// were filled in) is analysed once, on its first text, and messages of that shape share the result.
    /// </summary>
    private async Task<string> AnalysisJsonAsync(string shape, string content, CancellationToken ct)
    {
        if (_analysisByShape.TryGetValue(shape, out var json))
            return json;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var analysis = await analyzer.AnalyzeAsync(content, ct);
        AnalysisTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        json = JsonSerializer.Serialize(new MessageMetadata { Analysis = analysis.Metadata }, Json);
        _analysisByShape[shape] = json;
        return json;
    }

    private SqliteCommand Command(SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static async Task Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        await command.ExecuteNonQueryAsync();
    }

    private async Task Execute(string sql)
    {
        await using var command = Command(null, sql);
        await command.ExecuteNonQueryAsync();
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Figures(int count) => Reporting.Figures.Count(count);
}
