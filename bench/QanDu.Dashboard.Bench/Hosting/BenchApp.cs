using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Bench.Hosting;

/// <summary>
/// The real app, in this process, on Kestrel at 127.0.0.1 and a free port (real HTTP, WebSockets and Blazor
/// circuits), on a data folder of its own: fresh (deleted afterwards) or a given one, such as a generated large set.
/// In this process so a scenario can also call the app's services and read its memory after a full GC.
/// </summary>
public sealed class BenchApp : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private BenchApp(string dataFolder, bool ownsFolder, IReadOnlyDictionary<string, string?>? settings)
    {
        DataFolder = dataFolder;
        _ownsFolder = ownsFolder;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "qandu.db");

    /// <summary>Where the running app listens, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public MessageService Messages => Services.GetRequiredService<MessageService>();

    public ThreadService Threads => Services.GetRequiredService<ThreadService>();

    public ReadStateService ReadState => Services.GetRequiredService<ReadStateService>();

    /// <summary>Starts the app on a fresh, empty data folder (no demo data unless a setting asks for it).</summary>
    public static BenchApp StartFresh(IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(Directory.CreateTempSubdirectory("qandu-bench-").FullName, ownsFolder: true, settings);

    /// <summary>Starts the app on an existing data folder, which is kept.</summary>
    public static BenchApp StartOn(string dataFolder, IReadOnlyDictionary<string, string?>? settings = null) =>
        Start(dataFolder, ownsFolder: false, settings);

    private static BenchApp Start(string folder, bool ownsFolder, IReadOnlyDictionary<string, string?>? settings)
    {
        var app = new BenchApp(folder, ownsFolder, settings);
        app.UseKestrel(0); // the OS picks a free port; the factory binds 127.0.0.1 only
        app.StartServer();
        app.BaseAddress = app.ClientOptions.BaseAddress;
        if (!System.Net.IPAddress.TryParse(app.BaseAddress.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
            throw new InvalidOperationException($"The app must listen on loopback only, not {app.BaseAddress}.");
        return app;
    }

    /// <summary>
    /// The API's per-person and per-key limits (RateLimits:*) raised out of the way: the scenarios measure how fast the app
    /// serves a load, which a limit of a few hundred requests a minute would cut short. The limits have their own tests.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnlimitedRequests = new Dictionary<string, string>
    {
        ["RateLimits:RequestsPerMinute"] = "1000000",
        ["RateLimits:WritesPerMinute"] = "1000000",
        ["RateLimits:KeyRequestsPerMinute"] = "1000000",
        ["RateLimits:KeyWritesPerMinute"] = "1000000",
        ["RateLimits:AnonymousRequestsPerMinute"] = "1000000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDirectory", DataFolder);
        builder.UseSetting("Demo:SeedOnEmptyDatabase", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        foreach (var (key, value) in UnlimitedRequests)
            builder.UseSetting(key, value);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    /// <summary>A staff member the service layer can act as (no password: sign in by API key or <see cref="CreateUserWithPasswordAsync"/>).</summary>
    public async Task<ChatCaller> CreateUserAsync(string name, string role = Roles.Agent)
    {
        var (caller, _) = await CreateUserWithPasswordAsync(name, role, password: null);
        return caller;
    }

    /// <summary>A staff member with an email and (optionally) a password, for browser sign-in.</summary>
    public async Task<(ChatCaller Caller, string Email)> CreateUserWithPasswordAsync(string name, string role, string? password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}"[..^24] + "@bench.local";
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = DateTime.UtcNow, EmailConfirmed = true };
        Succeeded(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password), name);
        Succeeded(await users.AddToRoleAsync(user, role), name);
        return (ChatCaller.ForRoles(user.Id, name, [role]), email);
    }

    public async Task<long> CreateGroupThreadAsync(ChatCaller creator, string title, params ChatCaller[] others)
    {
        var thread = await Threads.CreateThreadAsync(creator,
            new CreateThreadRequest(ThreadType.Group, title, [.. others.Select(o => o.UserId)]));
        return thread.Id;
    }

    /// <summary>A personal API key for <paramref name="user"/>, as an admin would create one.</summary>
    public async Task<string> CreateApiKeyAsync(ChatCaller user) =>
        (await Services.GetRequiredService<ApiKeyService>().CreateAsync(user.UserId, "bench")).Secret;

    /// <summary>An HTTP client on the real socket (not the in-memory test server), signed in with an API key.</summary>
    public HttpClient CreateSocketClient(string? apiKey, int maxConnections = 256)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<ChatDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFolder)
            DeleteFolder(DataFolder);
    }

    public static void DeleteFolder(string folder)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }
    }

    private static void Succeeded(IdentityResult result, string name)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create bench user {name}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
