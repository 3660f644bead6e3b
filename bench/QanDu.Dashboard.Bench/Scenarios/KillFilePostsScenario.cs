using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QanDu.Dashboard.Bench.Hosting;

namespace QanDu.Dashboard.Bench.Scenarios;

/// <summary>
/// Issue 12's acceptance for posts with files and a crash: clients upload a file and post a message with it, over and
/// over, and the app is killed with SIGKILL at a random moment while they do; after each restart every post whose
/// upload had answered is sent again with the same idempotency key, as a client retries. Counted at the end, with the
/// app stopped: retries answered 2xx, messages stored per key, and files under <c>files/</c> no attachment owns.
/// </summary>
public sealed class KillFilePostsScenario : Scenario
{
    private const string Target = "0 orphan files; every retry answers 2xx with one stored message";

    public override string Name => "kill-file-posts";
    public override int Order => 86;
    public override string Targets => $"12 kill -9 during posts with files: {Target}";

    public override async Task<IReadOnlyList<ResultRow>> RunAsync(BenchOptions options, BenchLog log, CancellationToken ct)
    {
        var clients = options.Size(4, 8);
        var report = await RunAsync(kills: options.Size(1, 12), clients, options.Seed, log, ct);
        return [new ResultRow(Name, $"{report.Kills} kill -9, {clients} clients posting files", report.ToString(), Target, report.Met)];
    }

    /// <summary>The kill cycles; also run by the test suite with fewer kills.</summary>
    public static async Task<FilePostKills> RunAsync(int kills, int clients, int seed, BenchLog log, CancellationToken ct)
    {
        var random = new Random(seed);
        using var app = await KilledApp.CreateAsync(ct);
        await app.StartAsync(ct);
        var threadId = await app.CreateThreadAsync("group", "Posts with files, killed", ct);
        var report = new FilePostKills { Kills = kills };
        for (var kill = 1; kill <= kills; kill++)
        {
            var attempts = new ConcurrentBag<Attempt>();
            using var stop = new CancellationTokenSource();
            var posting = Enumerable.Range(0, clients).Select(c => Task.Run(() => PostUntilFailureAsync(app, threadId, $"kf{kill}-{c}", attempts, stop.Token))).ToList();
            await Task.Delay(random.Next(400, 1_500), ct); // several posts per client, so the kill lands amid uploads, commits and moves
            app.Kill();
            await Task.WhenAll(posting);
            // Before the restart's tidy-up could delete any: files the crash left that no message owns.
            var (stored, owned) = Files(app);
            report.OrphansRightAfterKills += stored.Count(f => !owned.Contains(f));
            await app.StartAsync(ct);
            var retried = await RetryAsync(app.Client, threadId, attempts, report, ct);
            log.Info($"kill-file-posts: kill {kill}: {attempts.Count} posts started, {attempts.Count(a => a.Acknowledged)} acknowledged before the kill, " +
                     $"{attempts.Count(a => a.UploadId is not null && !a.Acknowledged)} uploaded but not acknowledged; {retried} retried");
        }
        app.Kill(); // nothing in flight now: the files were moved before each retry answered
        report.Kills = kills;
        Count(app, report);
        return report;
    }

    /// <summary>Upload, then post with it, until the app goes away (then the request in flight is what a crash interrupted).</summary>
    private static async Task PostUntilFailureAsync(KilledApp app, long threadId, string prefix, ConcurrentBag<Attempt> attempts, CancellationToken ct)
    {
        var client = app.Client;
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var attempt = new Attempt($"{prefix}-{n}");
            attempts.Add(attempt);
            try
            {
                using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/chat/files")
                {
                    Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"Notes for {attempt.Key}\n" + new string('x', 2_000))),
                };
                upload.Content.Headers.ContentType = new("text/plain");
                upload.Headers.Add("X-File-Name", $"{attempt.Key}.txt");
                using var uploaded = await client.SendAsync(upload, ct);
                if ((int)uploaded.StatusCode != 201)
                    throw await UnexpectedAsync(app, "Upload", uploaded, ct);
                attempt.UploadId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(KilledApp.Json, ct)).GetProperty("id").GetString();
                using var posted = await client.PostAsJsonAsync("/api/chat/message", attempt.Body(threadId), KilledApp.Json, ct);
                if (!posted.IsSuccessStatusCode)
                    throw await UnexpectedAsync(app, "Post", posted, ct);
                attempt.MessageId = (await posted.Content.ReadFromJsonAsync<JsonElement>(KilledApp.Json, ct)).GetProperty("id").GetInt64();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                return; // the app was killed: this request was in flight, or could not connect
            }
        }
    }

    /// <summary>An answer no client should get while the app runs, with what the app logged about it.</summary>
    private static async Task<Exception> UnexpectedAsync(KilledApp app, string what, HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        await Task.Delay(500, ct); // the console logger writes in the background
        return new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {body}; the app: {app.Tail(40)}");
    }

    /// <summary>Sends again, with the same key, every post whose upload had answered: what a client does after a crash.</summary>
    private static async Task<int> RetryAsync(HttpClient client, long threadId, IEnumerable<Attempt> attempts, FilePostKills report, CancellationToken ct)
    {
        var retried = 0;
        foreach (var attempt in attempts.Where(a => a.UploadId is not null))
        {
            using var response = await client.PostAsJsonAsync("/api/chat/message", attempt.Body(threadId), KilledApp.Json, ct);
            retried++;
            report.Retries++;
            report.AcknowledgedBeforeKill += attempt.Acknowledged ? 1 : 0;
            if (!response.IsSuccessStatusCode)
            {
                report.Problems.Add($"retry of {attempt.Key} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                continue;
            }
            report.Retries2xx++;
            report.RetriesCreated += (int)response.StatusCode == 201 ? 1 : 0;
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(KilledApp.Json, ct)).GetProperty("id").GetInt64();
            if (attempt.MessageId is { } acknowledged && acknowledged != id)
                report.Problems.Add($"retry of {attempt.Key} answered message {id}, not the acknowledged {acknowledged}");
            report.RetriedKeys.Add(attempt.Key);
        }
        return retried;
    }

    /// <summary>With the app stopped: messages per retried key, and stored files against the attachments that own them.</summary>
    private static void Count(KilledApp app, FilePostKills report)
    {
        using (var db = app.OpenDatabase())
        {
            using var perKey = db.CreateCommand();
            perKey.CommandText = "SELECT ClientKey, COUNT(*) FROM Messages WHERE ClientKey LIKE 'kf%' GROUP BY ClientKey";
            var counts = new Dictionary<string, long>();
            using (var reader = perKey.ExecuteReader())
                while (reader.Read())
                    counts[reader.GetString(0)] = reader.GetInt64(1);
            report.KeysWithOneMessage = report.RetriedKeys.Count(k => counts.GetValueOrDefault(k) == 1);
            foreach (var key in report.RetriedKeys.Where(k => counts.GetValueOrDefault(k) != 1))
                report.Problems.Add($"{key}: {counts.GetValueOrDefault(key)} messages stored");
        }
        var (stored, owned) = Files(app);
        report.StoredFiles = stored.Count;
        report.OrphanFiles = stored.Count(f => !owned.Contains(f));
        report.MissingFiles = owned.Count(f => !stored.Contains(f));
        var uploads = Path.Combine(app.Folder, "files", "uploads");
        report.UploadsWaiting = Directory.Exists(uploads) ? Directory.EnumerateFiles(uploads).Count(f => !f.EndsWith(".json", StringComparison.Ordinal)) : 0;
    }

    /// <summary>The files under <c>files/</c> (as stored names, <c>ab/abcd…</c>) and the stored names attachments own; the app must be stopped.</summary>
    private static (HashSet<string> Stored, HashSet<string> Owned) Files(KilledApp app)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        using (var db = app.OpenDatabase())
        {
            using var names = db.CreateCommand();
            names.CommandText = "SELECT StoredName FROM Attachments";
            using var reader = names.ExecuteReader();
            while (reader.Read())
                owned.Add(reader.GetString(0));
        }
        var files = Path.Combine(app.Folder, "files");
        var stored = !Directory.Exists(files)
            ? []
            : Directory.EnumerateDirectories(files).Where(d => Path.GetFileName(d).Length == 2)
                .SelectMany(d => Directory.EnumerateFiles(d).Select(f => $"{Path.GetFileName(d)}/{Path.GetFileName(f)}"))
                .ToHashSet(StringComparer.Ordinal);
        return (stored, owned);
    }

    private sealed class Attempt(string key)
    {
        public string Key { get; } = key;
        public string? UploadId { get; set; }
        public long? MessageId { get; set; }
        public bool Acknowledged => MessageId is not null;

        public object Body(long threadId) => new { threadId, content = $"File post {Key}", clientKey = Key, uploadIds = new[] { UploadId } };
    }
}

/// <summary>What the file-post kill cycles counted.</summary>
public sealed class FilePostKills
{
    public int Kills { get; set; }
    public int Retries { get; set; }
    public int Retries2xx { get; set; }
    public int RetriesCreated { get; set; }
    public int AcknowledgedBeforeKill { get; set; }
    public int KeysWithOneMessage { get; set; }
    public int StoredFiles { get; set; }
    public int OrphanFiles { get; set; }
    public int MissingFiles { get; set; }
    public int UploadsWaiting { get; set; }
    public int OrphansRightAfterKills { get; set; }
    public HashSet<string> RetriedKeys { get; } = [];
    public List<string> Problems { get; } = [];

    public bool Met => Retries > 0 && Retries2xx == Retries && KeysWithOneMessage == RetriedKeys.Count && OrphanFiles == 0 && OrphansRightAfterKills == 0 && MissingFiles == 0 && Problems.Count == 0;

    public override string ToString() =>
        $"{Kills} kills; {Retries} posts with an answered upload retried after the restarts ({AcknowledgedBeforeKill} of them acknowledged before the kill): " +
        $"{Retries2xx} answered 2xx ({RetriesCreated} stored by the retry, {Retries2xx - RetriesCreated} found stored); " +
        $"{KeysWithOneMessage} of {RetriedKeys.Count} keys have exactly one message; {OrphansRightAfterKills} orphan files right after the kills (before any restart); " +
        $"at the end {StoredFiles} stored files, {OrphanFiles} orphan (no attachment owns it), " +
        $"{MissingFiles} attachments without their file; {UploadsWaiting} upload files left waiting by requests the kills cut (deleted after Files:UploadLifetimeMinutes)" +
        (Problems.Count > 0 ? $"; problems: {string.Join(" | ", Problems.Take(5))}" : "");
}
