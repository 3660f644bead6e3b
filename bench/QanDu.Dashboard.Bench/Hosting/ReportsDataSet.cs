using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Teams;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// The workspace the reports run on (full: 1,000,000 messages in 50,000 customer conversations over 13 months, 3 channels
/// (one where the assistant answers first), 2 teams, 20 agents, 3 SLA policies; quick: 20,000 messages in 1,000), made from
/// the seed by the demo history's generator (<see cref="ConversationHistory"/>: the app's recording rules, SLA breaches by
/// its clock) and cached under <c>CacheDirectory/reports-&lt;seed&gt;-&lt;messages&gt;/</c>; <see cref="MarkerFile"/> is
/// written last. Staff, teams and channels are made through the app's services; conversations, messages and the activity
/// log with bulk SQL. The message search triggers are off during the load (the reports never search; indexing a million
/// messages would add about 4 minutes), so this workspace's search index is empty; they are put back afterwards.
/// </summary>
public sealed record ReportsDataSet
{
    public const string MarkerFile = "reports.json";

    /// <summary>The generated history ends here (fixed, so two runs give the same data) and starts 13 months earlier.</summary>
    public static readonly DateTime HistoryEnd = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime HistoryStart = HistoryEnd.AddDays(-395);

    public required string Folder { get; init; }
    public required int Seed { get; init; }
    public required int Messages { get; init; }
    public required int Conversations { get; init; }
    public required int Customers { get; init; }
    public required int Agents { get; init; }
    public required int Channels { get; init; }
    public required int Teams { get; init; }
    public required int SlaPolicies { get; init; }

    /// <summary>Activity-log rows, and of them per kind (by <see cref="ActivityKind"/> name).</summary>
    public required long Facts { get; init; }
    public required Dictionary<string, long> FactsByKind { get; init; }
    public required double GenerationSeconds { get; init; }

    /// <summary>CPU time the generating process used (on a shared machine wall time is longer).</summary>
    public required double GenerationCpuSeconds { get; init; }
    public required long DatabaseBytes { get; init; }
    public required BenchUser Supervisor { get; init; }
    public bool Reused { get; init; }

    public static Task<ReportsDataSet> GetOrCreateAsync(BenchOptions options, BenchLog log, CancellationToken ct) =>
        GetOrCreateAsync(options, options.ReportsMessages ?? options.Size(4_000, 1_000_000), log, ct);

    public static async Task<ReportsDataSet> GetOrCreateAsync(BenchOptions options, int messages, BenchLog log, CancellationToken ct)
    {
        var folder = Path.Combine(options.CacheDirectory, $"reports-{options.Seed}-{messages}");
        var marker = Path.Combine(folder, MarkerFile);
        if (File.Exists(marker))
        {
            var cached = JsonSerializer.Deserialize<ReportsDataSet>(await File.ReadAllTextAsync(marker, ct))!;
            return cached with { Folder = folder, Reused = true };
        }
        if (Directory.Exists(folder))
        {
            log.Info($"reports: {folder} has no marker (an interrupted generation); making it again");
            BenchApp.DeleteFolder(folder);
        }
        Directory.CreateDirectory(folder);
        var created = await GenerateAsync(options.Seed, folder, messages, log, ct);
        var temporary = marker + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(created with { Folder = "" }), ct);
        File.Move(temporary, marker);
        return created;
    }

    private const int AgentCount = 20;
    private const int MessagesPerConversation = 20;

    private static async Task<ReportsDataSet> GenerateAsync(int seed, string folder, int messages, BenchLog log, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var cpu = ProcessCpu.Now();
        var conversations = messages / MessagesPerConversation;
        var random = new Random(seed);
        var texts = HistoryTexts.Support;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        HistoryChannel[] channels;
        HistoryAgent[] agents;
        Dictionary<long, HistoryAgent[]> teamAgents = [];
        List<SlaPolicy> policies;
        BenchUser supervisor;

        // The app makes the schema; staff, teams, channels through its services; each line analysed once by its analyzer.
        await using (var app = BenchApp.StartOn(folder, LargeDataSet.ReadOnlySettings))
        {
            var admin = await app.CreateUserAsync("Ada Admin", Roles.Admin);
            var lead = await app.CreateUserAsync("Sam Supervisor", Roles.Supervisor);
            supervisor = new BenchUser(lead.UserId, lead.DisplayName, "", Roles.Supervisor);
            agents = new HistoryAgent[AgentCount];
            for (var i = 0; i < AgentCount; i++)
            {
                var agent = await app.CreateUserAsync($"Agent {i + 1:00}");
                agents[i] = new HistoryAgent(agent.UserId, agent.DisplayName);
            }
            var actor = AuditActor.App with { Name = "Bench" };
            var teams = app.Services.GetRequiredService<TeamService>();
            var teamIds = new List<long>();
            foreach (var (name, members) in new[] { ("Billing", agents[..10]), ("Technical", agents[10..]) })
            {
                var team = await teams.CreateAsync(admin, actor, new SaveTeamRequest(name, null), ct);
                await teams.SetMembersAsync(admin, actor, team.Id, new SetTeamMembersRequest([.. members.Select(m => m.UserId)]), ct);
                teamAgents[team.Id] = members;
                teamIds.Add(team.Id);
            }
            var service = app.Services.GetRequiredService<ChannelService>();
            async Task<HistoryChannel> Channel(string name, long? team, bool assistant)
            {
                var view = await service.CreateAsync(admin, actor, new SaveChannelRequest(name, ["https://shop.example"], TeamId: team, AssistantFirstReply: assistant), ct);
                return new HistoryChannel(view.Id, team, assistant);
            }
            channels = [await Channel("Shop", teamIds[0], false), await Channel("App", teamIds[1], false), await Channel("Help center", null, true)];
            policies = await app.QueryAsync(async db =>
            {
                var now = DateTime.UtcNow;
                db.SlaPolicies.AddRange(
                    new SlaPolicy { Name = "Standard", FirstResponseMinutes = 15, NextResponseMinutes = 30, ResolutionMinutes = 480, CreatedAt = now, UpdatedAt = now },
                    new SlaPolicy { Name = "High", Priority = PriorityLevel.High, FirstResponseMinutes = 10, NextResponseMinutes = 20, ResolutionMinutes = 240, CreatedAt = now, UpdatedAt = now },
                    new SlaPolicy { Name = "Urgent", Priority = PriorityLevel.Urgent, FirstResponseMinutes = 5, NextResponseMinutes = 10, ResolutionMinutes = 120, CreatedAt = now, UpdatedAt = now });
                await db.SaveChangesAsync(ct);
                return await db.SlaPolicies.AsNoTracking().ToListAsync(ct);
            });
            var analyzer = app.Services.GetRequiredService<MessageAnalyzer>();
            await analyzer.IntentsAsync.WaitAsync(TimeSpan.FromMinutes(2), ct);
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            foreach (var line in texts.All.Distinct())
                metadata[line] = JsonSerializer.Serialize(new MessageMetadata { Analysis = (await analyzer.AnalyzeAsync(line, ct)).Metadata }, json);
            log.Info($"reports: schema, staff, teams, channels, policies and analysis ready at {clock.Elapsed.TotalSeconds:0.0} s");
        }
        SqliteConnection.ClearAllPools();

        var database = Path.Combine(folder, "qandu.db");
        var customers = Math.Max(50, conversations * 3 / 5);
        var written = 0;
        var facts = new Dictionary<string, long>();
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await Execute(connection, "PRAGMA cache_size = -131072; PRAGMA synchronous = OFF;");
            var triggers = new List<string>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Messages'";
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    triggers.Add(reader.GetString(1));
            }
            await Execute(connection, string.Concat(triggers.Select(t => $"DROP TRIGGER {t.Split(' ')[2]};")));

            var people = await WriteCustomersAsync(connection, random, customers, channels, ct);
            log.Info($"reports: {customers:N0} customers at {clock.Elapsed.TotalSeconds:0.0} s");
            var history = new ConversationHistory(random, texts, agents, teamAgents) { RatingNotes = false };
            var sizes = Sizes(random, messages, conversations);
            var span = (HistoryEnd - HistoryStart).TotalSeconds;
            const int PerTransaction = 2_000;
            for (var start = 0; start < conversations; start += PerTransaction)
            {
                await using var transaction = connection.BeginTransaction();
                await using (var writer = new ConversationHistoryWriter(connection, transaction, m => metadata.GetValueOrDefault(m.Text)))
                {
                    var end = Math.Min(conversations, start + PerTransaction);
                    for (var n = start; n < end; n++)
                    {
                        // Conversations in time order (ids follow time), spread evenly, fewer at weekends and at night.
                        var at = HistoryStart.AddSeconds(span * (n + random.NextDouble()) / conversations);
                        at = at.Date.AddHours(at.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 10 + random.Next(6) : 7 + random.NextDouble() * 12)
                            .AddSeconds(random.Next(3600));
                        var channel = channels[random.Next(100) switch { < 55 => 0, < 85 => 1, _ => 2 }];
                        var customer = people[random.Next(people.Length)];
                        var recent = at > HistoryEnd.AddHours(-20);
                        var outcome = !recent ? HistoryOutcome.Resolved
                            : random.Next(100) switch { < 40 => HistoryOutcome.WaitingForReply, < 55 => HistoryOutcome.WaitingForFirstReply, _ => HistoryOutcome.Resolved };
                        var size = sizes[n];
                        if (outcome == HistoryOutcome.WaitingForReply && size < 4)
                            outcome = HistoryOutcome.Resolved; // too short to be mid-conversation
                        var conversation = history.Create(channel, customer, at, size, outcome);
                        conversation.EndBy(HistoryEnd.AddMinutes(-1)); // a long tail that ran past the end of the history: the same, earlier
                        ConversationHistory.AddBreaches(conversation, policies, HistoryEnd);
                        await writer.WriteAsync(conversation, ct);
                        written += conversation.Messages.Count;
                        foreach (var (fact, _) in conversation.AllFacts())
                            facts[fact.Kind.ToString()] = facts.GetValueOrDefault(fact.Kind.ToString()) + 1;
                    }
                }
                await transaction.CommitAsync(ct);
                if ((start / PerTransaction) % 5 == 4 || start + PerTransaction >= conversations || start == 0)
                    log.Info($"reports: {Math.Min(conversations, start + PerTransaction):N0} of {conversations:N0} conversations, {written:N0} messages at {clock.Elapsed.TotalSeconds:0.0} s");
            }
            foreach (var trigger in triggers)
                await Execute(connection, trigger);
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        SqliteConnection.ClearAllPools();
        log.Info($"reports: done in {clock.Elapsed.TotalSeconds:0.0} s");
        return new ReportsDataSet
        {
            Folder = folder, Seed = seed, Messages = written, Conversations = conversations, Customers = customers, Agents = AgentCount,
            Channels = channels.Length, Teams = teamAgents.Count, SlaPolicies = policies.Count,
            Facts = facts.Values.Sum(), FactsByKind = facts, GenerationSeconds = clock.Elapsed.TotalSeconds, GenerationCpuSeconds = (ProcessCpu.Now() - cpu).TotalSeconds,
            DatabaseBytes = new FileInfo(database).Length, Supervisor = supervisor,
        };
    }

    /// <summary>Customers as the widget makes them: a stand-in user (no role, no password) and a contact of a channel.</summary>
    private static async Task<HistoryCustomer[]> WriteCustomersAsync(SqliteConnection connection, Random random, int count, HistoryChannel[] channels, CancellationToken ct)
    {
        var text = new TextGenerator(random.Next());
        var customers = new HistoryCustomer[count];
        await using var transaction = connection.BeginTransaction();
        await using var user = connection.CreateCommand();
        user.Transaction = transaction;
        user.CommandText = "INSERT INTO AspNetUsers (Id, DisplayName, Presence, CreatedAt, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, "
                           + "SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, AccessVersion, Language) "
                           + "VALUES ($id, $name, 0, $at, $email, $normalized, $email, $normalized, 0, $stamp, $stamp, 0, 0, 1, 0, 0, 'en')";
        foreach (var name in new[] { "$id", "$name", "$at", "$email", "$normalized", "$stamp" })
            user.Parameters.Add(new SqliteParameter { ParameterName = name });
        await using var contact = connection.CreateCommand();
        contact.Transaction = transaction;
        contact.CommandText = "INSERT INTO Contacts (UserId, ChannelId, Name, Email, Attributes, CreatedAt, FirstSeenAt, LastSeenAt) "
                              + "VALUES ($user, $channel, $name, $email, '{}', $at, $at, $at) RETURNING Id";
        foreach (var name in new[] { "$user", "$channel", "$name", "$email", "$at" })
            contact.Parameters.Add(new SqliteParameter { ParameterName = name });
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            var id = new Guid(bytes).ToString();
            var name = text.PersonName();
            var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{i}@customer.example";
            var at = HistoryStart.AddDays(-random.Next(1, 200));
            user.Parameters["$id"].Value = id;
            user.Parameters["$name"].Value = name;
            user.Parameters["$at"].Value = at;
            user.Parameters["$email"].Value = email;
            user.Parameters["$normalized"].Value = email.ToUpperInvariant();
            user.Parameters["$stamp"].Value = Convert.ToHexString(bytes);
            await user.ExecuteNonQueryAsync(ct);
            contact.Parameters["$user"].Value = id;
            contact.Parameters["$channel"].Value = channels[i % channels.Length].Id;
            contact.Parameters["$name"].Value = name;
            contact.Parameters["$email"].Value = email;
            contact.Parameters["$at"].Value = at;
            customers[i] = new HistoryCustomer(id, name, (long)(await contact.ExecuteScalarAsync(ct))!);
        }
        await transaction.CommitAsync(ct);
        return customers;
    }

    /// <summary>Log-normal sizes (most chats short, a few long), at least 2 each, summing to exactly <paramref name="total"/>.</summary>
    private static int[] Sizes(Random random, int total, int count)
    {
        var weights = Enumerable.Range(0, count).Select(_ => Math.Exp(0.7 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
        var sum = weights.Sum();
        var sizes = weights.Select(w => 2 + (int)(w / sum * (total - 2 * count))).ToArray();
        for (var left = total - sizes.Sum(); left > 0; left--)
            sizes[random.Next(count)]++;
        return sizes;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
