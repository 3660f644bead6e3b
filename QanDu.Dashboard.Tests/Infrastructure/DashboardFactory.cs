using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// The whole app on a test server, with its own data folder (set through <c>Storage:DataDirectory</c>, so the app's
/// own configuration path is exercised). The host starts on first use of <see cref="WebApplicationFactory{T}.Services"/>
/// or a client, after Program has migrated the database. Usable as an xUnit class fixture.
/// </summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly TempDataFolder _folder;
    private readonly bool _ownsFolder;
    private bool _folderReleased;

    /// <summary>A fresh data folder, deleted when the factory is disposed; no demo data.</summary>
    public DashboardFactory() : this(new TempDataFolder(), ownsFolder: true)
    {
    }

    private DashboardFactory(TempDataFolder folder, bool ownsFolder)
    {
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    /// <summary>A factory on a folder the caller owns, so a second factory can start on the same data (a restart).</summary>
    public static DashboardFactory OnFolder(TempDataFolder folder, bool seedDemo = false, Action<IServiceCollection>? testServices = null) =>
        new(folder, ownsFolder: false) { SeedDemo = seedDemo, TestServices = testServices };

    public string DataFolder => _folder.Path;

    /// <summary>Seed the demo workspace on the empty database, as a first run does. Set before first use.</summary>
    public bool SeedDemo { get; init; }

    /// <summary>Further configuration, for example <c>Storage:Synchronous</c>. Set before first use.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>Replaces app services after the app registered its own (a scripted <c>IChatClient</c>). Set before first use.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public MessageService Messages => Services.GetRequiredService<MessageService>();

    public MessageEditService Edits => Services.GetRequiredService<MessageEditService>();

    public ThreadService Threads => Services.GetRequiredService<ThreadService>();

    public InboxService Inbox => Services.GetRequiredService<InboxService>();

    public ReadStateService ReadState => Services.GetRequiredService<ReadStateService>();

    public AiReplyStore AiReplies => Services.GetRequiredService<AiReplyStore>();

    public FileStore Files => Services.GetRequiredService<FileStore>();

    public MessageWriter Writer => Services.GetRequiredService<MessageWriter>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _folder.Path);
        builder.UseSetting("Backup:Folder", _folder.BackupsPath); // not the shared folder next to every test's data folder
        builder.UseSetting("Demo:SeedOnEmptyDatabase", SeedDemo ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Keys in a temp folder need no encryption at rest; the warning about it is noise here.
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (TestServices is { } configure)
            builder.ConfigureTestServices(configure);
    }

    /// <summary>A user with a role (no password: tests sign in by API key), as the service layer sees them; no role: a customer.</summary>
    public async Task<ChatCaller> CreateUserAsync(string name, string? role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@test.local",
            DisplayName = name,
            CreatedAt = DateTime.UtcNow,
        };
        user.Email = user.UserName;
        Succeeded(await users.CreateAsync(user), name);
        if (role is not null)
            Succeeded(await users.AddToRoleAsync(user, role), name);
        return ChatCaller.ForRoles(user.Id, name, role is null ? [] : [role]);
    }

    /// <summary>An HTTP client signed in as <paramref name="user"/> with a fresh personal API key.</summary>
    public async Task<HttpClient> CreateClientForAsync(ChatCaller user)
    {
        var key = await Services.GetRequiredService<ApiKeyService>().CreateAsync(user.UserId, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    /// <summary>A thread created through the service, as <paramref name="creator"/>.</summary>
    public async Task<long> CreateGroupThreadAsync(ChatCaller creator, string title, params ChatCaller[] others)
    {
        var thread = await Threads.CreateThreadAsync(creator,
            new CreateThreadRequest(ThreadType.Group, title, [.. others.Select(o => o.UserId)]));
        return thread.Id;
    }

    /// <summary>Runs a read against the database with a short-lived context, as the app does.</summary>
    public async Task<T> QueryAsync<T>(Func<ChatDbContext, Task<T>> query)
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await query(db);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsFolder && !_folderReleased)
        {
            _folderReleased = true;
            _folder.Dispose();
        }
    }

    private static void Succeeded(IdentityResult result, string name)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create test user {name}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
