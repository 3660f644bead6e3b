using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// The app as an admin runs it (<c>dotnet QanDu.Dashboard.dll</c>, its own process, a real SQLite file, HTTP on
/// loopback), killed with SIGKILL (what <c>kill -9</c> sends; .NET's <c>Process.Kill</c> sends it on Linux) and started
/// again on the same data folder, as after a crash. One admin and an API key, made by the app's own commands.
/// </summary>
public sealed class KilledApp : IDisposable
{
    private const string Email = "crash@bench.local";
    private const string ColleagueEmail = "colleague@bench.local";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo__SeedOnEmptyDatabase"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error",
    };

    private readonly string _apiKey;
    private AppChild? _child;
    private HttpClient? _client;

    private KilledApp(string folder, string apiKey) => (Folder, _apiKey) = (folder, apiKey);

    public string Folder { get; }

    /// <summary>A client of the running app, signed in with the admin's key; a new one after each start (a new port).</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The app is not running.");

    public int Kills { get; private set; }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>A fresh data folder with an admin and an API key (<c>create-admin</c>, <c>create-api-key</c>).</summary>
    public static async Task<KilledApp> CreateAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("qandu-kill-").FullName;
        var admin = await AppCommand.RunAsync(folder, ["create-admin", "--email", Email, "--password", "Crash-test-1234", "--name", "Crash Test"],
            TimeSpan.FromMinutes(2), ct);
        if (admin.ExitCode != 0)
            throw new InvalidOperationException($"create-admin failed: {admin}");
        var colleague = await AppCommand.RunAsync(folder, ["create-admin", "--email", ColleagueEmail, "--password", "Crash-test-1234", "--name", "Colleague"],
            TimeSpan.FromMinutes(2), ct);
        if (colleague.ExitCode != 0)
            throw new InvalidOperationException($"create-admin failed: {colleague}");
        var key = await AppCommand.RunAsync(folder, ["create-api-key", "--email", Email], TimeSpan.FromMinutes(2), ct);
        var secret = Regex.Match(key.Output, @"qdk_\S+").Value;
        if (key.ExitCode != 0 || secret.Length == 0)
            throw new InvalidOperationException($"create-api-key failed: {key}");
        return new KilledApp(folder, secret);
    }

    /// <summary>Starts the app on the folder (with extra <paramref name="settings"/>) and waits until <c>/health</c> answers 200 (the start-up recovery has run by then).</summary>
    public async Task StartAsync(CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null)
    {
        _client?.Dispose();
        var environment = new Dictionary<string, string>(Settings);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            environment[name] = value;
        _child = AppChild.Start(Folder, pinToCore: null, environment);
        await _child.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90), ct);
        _client = new HttpClient { BaseAddress = _child.Root, Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
    }

    /// <summary>The running app's last lines of output, for an error message.</summary>
    public string Tail(int lines) => _child?.Tail(lines) ?? "";

    /// <summary>SIGKILL: the process ends at once, nothing of it runs after (no shutdown, no flush, no finally).</summary>
    public void Kill()
    {
        _child?.Dispose();
        _child = null;
        Kills++;
    }

    /// <summary>Creates a thread as the admin (a group thread with a colleague); answers its id.</summary>
    public async Task<long> CreateThreadAsync(string type, string title, CancellationToken ct)
    {
        string[] participants = [];
        if (type == "group")
        {
            var users = await Client.GetFromJsonAsync<JsonElement>("/api/chat/users", Json, ct);
            participants = [.. users.EnumerateArray().Where(u => u.GetProperty("email").GetString() == ColleagueEmail).Select(u => u.GetProperty("id").GetString()!)];
        }
        using var response = await Client.PostAsJsonAsync("/api/chat/thread", new { type, title, participantIds = participants }, Json, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating a {type} thread answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)).GetProperty("id").GetInt64();
    }

    /// <summary>The database file itself, for counting once the app is stopped.</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Folder, "qandu.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _child?.Dispose();
        BenchApp.DeleteFolder(Folder);
    }
}
