using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Features.Demo;

// Eight weeks of past customer conversations, so a team lead has something to see on the live board and in reports:
// first replies, resolves, a few reopens, ratings with comments, hand-offs by the assistant on the help-center channel,
// and a handful waiting right now (one close to its first-response target of the demo SLA policy).
internal sealed partial class DemoSeeder
{
    internal const string HelpCenterChannelName = "Acme help center";
    internal const string DemoSlaPolicyName = "Standard";
    internal const int HistorySeed = 20261205;
    internal const int HistoryDays = 56;
    internal const int HistoryConversationCount = 240;

    /// <summary>Minutes ago the conversations waiting for a first reply started (the oldest near the 15-minute target).</summary>
    internal static readonly int[] WaitingForFirstReplyMinutesAgo = [13, 8, 4, 1];

    /// <summary>Minutes ago the open conversations a person is in the middle of started.</summary>
    internal static readonly int[] InProgressMinutesAgo = [75, 50, 30];

    private static readonly string[] HistoryFirstNames =
        ["Amara", "Ben", "Chloé", "Diego", "Elif", "Farid", "Greta", "Hiro", "Isla", "Jonas", "Keiko", "Liam", "Mateo", "Nadia", "Oskar", "Paula", "Quinn", "Rosa"];

    private static readonly string[] HistoryLastNames = ["Novak", "Haddad", "Lindqvist", "Okoro"];

    /// <summary>The customers of the past conversations: stand-in users (no role, no password) with a contact each.</summary>
    internal static IReadOnlyList<(string Name, string Email)> HistoryCustomers { get; } =
        [.. HistoryLastNames.SelectMany(last => HistoryFirstNames.Take(9).Select(first => ($"{first} {last}", $"{first}.{last}@example.org".ToLowerInvariant())))];

    /// <summary>
    /// The whole history, planned from the fixed seed: the same conversations (counts, shapes, times relative to
    /// <paramref name="now"/>) on every first run, whatever the ids.
    /// </summary>
    internal static IReadOnlyList<HistoryConversation> PlanHistory(HistoryChannel website, HistoryChannel helpCenter,
        IReadOnlyList<HistoryAgent> agents, IReadOnlyList<HistoryCustomer> customers, DateTime now)
    {
        var random = new Random(HistorySeed);
        var history = new ConversationHistory(random, HistoryTexts.Support, agents, new Dictionary<long, HistoryAgent[]>())
        {
            ReopenRate = 0.08, RatingRate = 0.5, HandOffRate = 0.65,
        };
        var planned = new List<HistoryConversation>();
        for (var i = 0; i < HistoryConversationCount; i++)
        {
            // Spread over the past eight weeks up to yesterday, in working hours, quieter at weekends.
            var day = now.Date.AddDays(-HistoryDays + i * (HistoryDays - 1) / HistoryConversationCount);
            var at = day.AddHours(day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 10 + random.Next(5) : 7 + random.NextDouble() * 11)
                .AddSeconds(random.Next(3600));
            var channel = random.Next(100) < 30 ? helpCenter : website;
            var conversation = history.Create(channel, customers[random.Next(customers.Count)], at, 3 + random.Next(8), HistoryOutcome.Resolved);
            conversation.EndBy(now.AddHours(-2));
            planned.Add(conversation);
        }
        foreach (var ago in InProgressMinutesAgo)
        {
            var conversation = history.Create(website, customers[random.Next(customers.Count)], now.AddMinutes(-ago), 4 + random.Next(3), HistoryOutcome.WaitingForReply);
            conversation.EndBy(now.AddMinutes(-1));
            planned.Add(conversation);
        }
        foreach (var ago in WaitingForFirstReplyMinutesAgo)
            planned.Add(history.Create(website, customers[random.Next(customers.Count)], now.AddMinutes(-ago), 1, HistoryOutcome.WaitingForFirstReply));
        return planned;
    }

    /// <summary>
    /// The help-center channel (the assistant answers first), the demo SLA policy, the history's customers and conversations,
    /// and the activity log of the scripted support conversations (which became customer conversations when their
    /// customers were adopted as contacts, after they were written), all in one transaction.
    /// </summary>
    private async Task<(int Conversations, int Messages)> SeedHistoryAsync(Dictionary<string, ChatCaller> people, DateTime now, CancellationToken ct)
    {
        var admin = people.Values.First(p => p.IsAdmin);
        await channels.CreateAsync(admin, AuditActor.App with { Name = "Demo data" }, new SaveChannelRequest(
            HelpCenterChannelName, AppOrigins(configuration["urls"]),
            Greeting: "Hi! I'm Acme's assistant. Ask me anything, or ask for a person.",
            Color: "#00897b",
            ExpectedReplyTime: "in a few minutes",
            AssistantFirstReply: true), ct);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channelIds = await db.Channels.ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        var website = new HistoryChannel(channelIds[DemoChannelName], null, false);
        var helpCenter = new HistoryChannel(channelIds[HelpCenterChannelName], null, true);
        var agents = DemoPeople.Where(p => p.Role == Roles.Agent).Select(p => new HistoryAgent(people[p.Key].UserId, p.Name)).ToList();

        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, transaction, ct, """
            INSERT INTO SlaPolicies (Name, FirstResponseMinutes, NextResponseMinutes, ResolutionMinutes, BusinessHoursOnly, Enabled, CreatedAt, UpdatedAt)
            VALUES ($name, 15, 30, 480, 1, 1, $now, $now)
            """, ("$name", DemoSlaPolicyName), ("$now", now));
        var customers = new List<HistoryCustomer>();
        foreach (var (customer, index) in HistoryCustomers.Select((c, i) => (c, i)))
        {
            var id = new Guid(HistorySeed, (short)index, 0, new byte[8]).ToString();
            var channel = index % 3 == 0 ? helpCenter : website;
            var seen = now.AddDays(-HistoryDays - 10 - index);
            await ExecuteAsync(connection, transaction, ct, """
                INSERT INTO AspNetUsers (Id, DisplayName, Presence, CreatedAt, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
                    SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, AccessVersion, Language)
                VALUES ($id, $name, 0, $at, $email, $normalized, $email, $normalized, 0, $stamp, $stamp, 0, 0, 1, 0, 0, 'en')
                """, ("$id", id), ("$name", customer.Name), ("$at", seen), ("$email", customer.Email), ("$normalized", customer.Email.ToUpperInvariant()),
                ("$stamp", Guid.NewGuid().ToString("N")));
            var contactId = (long)(await ScalarAsync(connection, transaction, ct, """
                INSERT INTO Contacts (UserId, ChannelId, Name, Email, Attributes, CreatedAt, FirstSeenAt, LastSeenAt)
                VALUES ($user, $channel, $name, $email, '{}', $at, $at, $at) RETURNING Id
                """, ("$user", id), ("$channel", channel.Id), ("$name", customer.Name), ("$email", customer.Email), ("$at", seen)))!;
            customers.Add(new HistoryCustomer(id, customer.Name, contactId));
        }
        var history = PlanHistory(website, helpCenter, agents, customers, now);
        await using (var writer = new ConversationHistoryWriter(connection, transaction))
        {
            foreach (var conversation in history)
                await writer.WriteAsync(conversation, ct);
        }
        // Contacts last seen when they last wrote.
        await ExecuteAsync(connection, transaction, ct, """
            UPDATE Contacts SET LastSeenAt = (SELECT max(m.Timestamp) FROM Messages m WHERE m.SenderId = Contacts.UserId)
            WHERE Email LIKE '%@example.org' AND EXISTS (SELECT 1 FROM Messages m WHERE m.SenderId = Contacts.UserId)
            """);
        await ExecuteAsync(connection, transaction, ct, ScriptedConversationsLog);
        await transaction.CommitAsync(ct);
        return (history.Count, history.Sum(c => c.Messages.Count));
    }

    /// <summary>
    /// The activity log of the scripted support conversations, by the migration's backfill rules (their creation, each
    /// message of the customer or a person, the resolve of the archived ones), and their first reply: they became customer
    /// conversations when their customers were adopted as contacts, after their messages and triage were written, so
    /// nothing recorded them then.
    /// </summary>
    private const string ScriptedConversationsLog = """
        CREATE TEMP TABLE ScriptedConversations AS
            SELECT Id FROM Threads t WHERE t.ContactId IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ConversationActivity a WHERE a.ThreadId = t.Id);
        INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
        SELECT Id, 0, CreatedAt, NULL, ChannelId, TeamId, NULL, NULL, NULL FROM Threads WHERE Id IN (SELECT Id FROM ScriptedConversations);
        INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
        SELECT t.Id, CASE WHEN m.SenderType = 1 THEN 3 WHEN m.SenderId = c.UserId THEN 1 ELSE 2 END, m.Timestamp,
               CASE WHEN m.SenderType = 1 OR m.SenderId = c.UserId THEN NULL ELSE m.SenderId END, t.ChannelId, t.TeamId, m.Id, NULL, NULL
        FROM Messages m JOIN Threads t ON t.Id = m.ThreadId JOIN Contacts c ON c.Id = t.ContactId
        WHERE t.Id IN (SELECT Id FROM ScriptedConversations) AND m.Type <> 3 AND m.IsPrivate = 0 AND m.SenderType IN (0, 1) AND m.DeletedAt IS NULL;
        INSERT INTO ConversationActivity (ThreadId, Kind, At, UserId, ChannelId, TeamId, MessageId, Value, Detail)
        SELECT Id, 4, ResolvedAt, AssigneeId, ChannelId, TeamId, NULL, NULL, NULL FROM Threads
        WHERE Id IN (SELECT Id FROM ScriptedConversations) AND Status = 1 AND ResolvedAt IS NOT NULL;
        UPDATE Threads SET FirstReplyAt = (
            SELECT min(m.Timestamp) FROM Messages m JOIN Contacts c ON c.Id = Threads.ContactId
            WHERE m.ThreadId = Threads.Id AND m.SenderType = 0 AND m.SenderId <> c.UserId AND m.Type <> 3 AND m.IsPrivate = 0 AND m.DeletedAt IS NULL)
        WHERE Id IN (SELECT Id FROM ScriptedConversations) AND FirstReplyAt IS NULL;
        DROP TABLE ScriptedConversations;
        """;

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct, string sql,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct, string sql,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
