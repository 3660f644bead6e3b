using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Search;

/// <summary>
/// A generated workspace of 100,000+ messages (fixed seed), shared by the search tests: filler text written with raw
/// parameterized SQL in one transaction (the triggers index it), plus planted messages whose words appear nowhere else.
/// </summary>
public sealed class SearchCorpus : IAsyncLifetime
{
    public const int FillerMessages = 100_000;
    public static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Vocabulary =
    [
        "account", "password", "login", "invoice", "billing", "payment", "card", "charge", "subscription", "plan",
        "upgrade", "downgrade", "cancel", "export", "import", "report", "dashboard", "widget", "integration", "webhook",
        "error", "timeout", "slow", "crash", "mobile", "browser", "email", "notification", "team", "member",
        "permission", "role", "admin", "settings", "profile", "avatar", "upload", "download", "file", "attachment",
        "thanks", "please", "hello", "could", "would", "check", "today", "tomorrow", "update", "issue",
        "customer", "ticket", "priority", "urgent", "resolved", "pending", "waiting", "shipping", "delivery", "address",
    ];

    public DashboardFactory App { get; } = new();
    public SearchService Search => App.Services.GetRequiredService<SearchService>();
    public ChatCaller Agent { get; private set; } = null!;
    public ChatCaller OtherAgent { get; private set; } = null!;
    public ChatCaller Supervisor { get; private set; } = null!;
    public long SharedThread { get; private set; }
    public long HiddenThread { get; private set; }
    public HashSet<long> AgentThreads { get; } = [];
    public Dictionary<string, long> Planted { get; } = [];
    public Dictionary<string, DateTime> PlantedAt { get; } = [];
    public TimeSpan InsertTime { get; private set; }

    public async Task InitializeAsync()
    {
        Agent = await App.CreateUserAsync("Ada Lovelace", Roles.Agent);
        OtherAgent = await App.CreateUserAsync("Grace Hopper", Roles.Agent);
        Supervisor = await App.CreateUserAsync("Sam Supervisor", Roles.Supervisor);
        var third = await App.CreateUserAsync("Linus Third", Roles.Agent);
        SharedThread = await App.CreateGroupThreadAsync(Agent, "Billing escalations", OtherAgent);
        HiddenThread = await App.CreateGroupThreadAsync(OtherAgent, "Secret roadmap", third);
        AgentThreads.Add(SharedThread);
        var filler = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var withAgent = i % 2 == 0;
            var id = withAgent
                ? await App.CreateGroupThreadAsync(Agent, $"Customer {i}", OtherAgent)
                : await App.CreateGroupThreadAsync(OtherAgent, $"Customer {i}", third);
            filler.Add(id);
            if (withAgent)
                AgentThreads.Add(id);
        }

        // Before the planted messages: the agent's own posts move their read cursor, which is:unread tests set below.
        await ChangeThroughServiceAsync();
        var clock = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(App.DataFolder, "qandu.db")};Pooling=False");
        await connection.OpenAsync();
        // A bigger page cache for the bulk load only; the FTS indexes still merge as they would in the app.
        await Execute(connection, null, "PRAGMA cache_size = -65536");
        await using (var transaction = connection.BeginTransaction())
        {
            await InsertFillerAsync(connection, transaction, filler);
            await InsertPlantedAsync(connection, transaction);
            await transaction.CommitAsync();
        }
        InsertTime = clock.Elapsed;
    }

    private async Task InsertFillerAsync(SqliteConnection connection, SqliteTransaction transaction, List<long> threads)
    {
        var random = new Random(20261124);
        var senders = new[] { OtherAgent, Agent };
        await using var insert = MessageInsert(connection, transaction);
        for (var i = 0; i < FillerMessages; i++)
        {
            var thread = threads[random.Next(threads.Count)];
            var sender = AgentThreads.Contains(thread) ? senders[random.Next(2)] : OtherAgent;
            var words = Enumerable.Range(0, random.Next(4, 12)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]);
            await ExecuteInsertAsync(insert, thread, sender, string.Join(' ', words) + ".", Start.AddMinutes(5 * i));
        }
    }

    private async Task InsertPlantedAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        await using var insert = MessageInsert(connection, transaction);
        var late = Start.AddDays(400);
        async Task Plant(string key, long thread, ChatCaller sender, string content, DateTime? at = null)
        {
            PlantedAt[key] = at ?? late.AddMinutes(PlantedAt.Count);
            Planted[key] = await ExecuteInsertAsync(insert, thread, sender, content, PlantedAt[key]);
        }

        await Plant("refunded", SharedThread, Agent, "The customer was refunded for order 8841 yesterday, see the \"final\" note.");
        await Plant("refund-request", SharedThread, OtherAgent, "Refund request pending approval from finance.");
        await Plant("hidden", HiddenThread, OtherAgent, "zebracorn launch plan: nobody outside the roadmap thread may read this.");
        await Plant("with-file", SharedThread, OtherAgent, "Please see the attached quokkafish statement.");
        await Plant("without-file", SharedThread, OtherAgent, "No attachment for this quokkafish question.");
        await Plant("early", SharedThread, Agent, "xylodate early in the year", new DateTime(2025, 3, 10, 12, 0, 0, DateTimeKind.Utc));
        await Plant("late", SharedThread, Agent, "xylodate late in the year", new DateTime(2025, 9, 20, 23, 59, 0, DateTimeKind.Utc));
        await Plant("platypus-blue", SharedThread, Agent, "platypus blue edition");
        await Plant("platypus-green", SharedThread, Agent, "platypus green edition");
        await Plant("wombatic-ada", SharedThread, Agent, "wombatic rollout notes");
        await Plant("wombatic-grace", AgentThreads.Skip(1).First(), OtherAgent, "wombatic rollout notes");
        await Plant("short-code", SharedThread, Agent, "use code qz7 at checkout");
        await Plant("hostile", SharedThread, Agent, "Quoted \"NEAR(\" text with ^ * : ( ) {} and '; DROP TABLE Messages; -- inside <b>bold</b>");
        await Plant("marmotix-read", SharedThread, OtherAgent, "marmotix already read");
        await Plant("marmotix-unread", SharedThread, OtherAgent, "marmotix not read yet");
        await Plant("marmotix-own", SharedThread, Agent, "marmotix written by me");

        await Execute(connection, transaction, "INSERT INTO Attachments (MessageId, Type, Name, Size, MimeType, StoredName) VALUES (@m, 1, 'quokkafish-invoice.pdf', 1024, 'application/pdf', 'stored-1')",
            ("@m", Planted["with-file"]));
        await Execute(connection, transaction, "INSERT INTO ReadCursors (ThreadId, UserId, LastReadMessageId, UpdatedAt) VALUES (@t, @u, @m, @at) "
            + "ON CONFLICT (ThreadId, UserId) DO UPDATE SET LastReadMessageId = excluded.LastReadMessageId",
            ("@t", SharedThread), ("@u", Agent.UserId), ("@m", Planted["marmotix-read"]), ("@at", late));
    }

    /// <summary>Edits and deletes go through the app's write path, so the update triggers are exercised as the app uses them.</summary>
    private async Task ChangeThroughServiceAsync()
    {
        var edited = await App.Messages.PostAsync(Agent, new PostMessageRequest(SharedThread, "ocelotine draft wording", "edit-me"));
        await App.Edits.EditAsync(Agent, edited.Message.Id, "lynxomatic final wording");
        Planted["edited"] = edited.Message.Id;
        var deleted = await App.Messages.PostAsync(Agent, new PostMessageRequest(SharedThread, "caracalish mistake", "delete-me"));
        await App.Edits.DeleteAsync(Agent, deleted.Message.Id);
        Planted["deleted"] = deleted.Message.Id;
    }

    private static SqliteCommand MessageInsert(SqliteConnection connection, SqliteTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Messages (ThreadId, Content, Type, SenderId, SenderName, SenderType, Timestamp, Status) "
                              + "VALUES (@thread, @content, 0, @sender, @name, 0, @at, 1) RETURNING Id";
        foreach (var name in new[] { "@thread", "@content", "@sender", "@name", "@at" })
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private static async Task<long> ExecuteInsertAsync(SqliteCommand insert, long thread, ChatCaller sender, string content, DateTime at)
    {
        insert.Parameters["@thread"].Value = thread;
        insert.Parameters["@content"].Value = content;
        insert.Parameters["@sender"].Value = sender.UserId;
        insert.Parameters["@name"].Value = sender.DisplayName;
        insert.Parameters["@at"].Value = at;
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    private static async Task Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in values)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
