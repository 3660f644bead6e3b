using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 and a free port (Blazor circuits need a real WebSocket),
/// with its own temporary data folder, so each fixture starts from a freshly seeded demo database.
/// </summary>
public sealed class DashboardHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("qandu-browser-").FullName;

    /// <summary>Where the app under test writes its backups (beside its data folder), deleted with it.</summary>
    public string BackupFolder => _dataDirectory + "-backups";

    /// <summary>Where the running app listens, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(0); // port 0: the OS picks a free port; the factory binds 127.0.0.1 only
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        if (!System.Net.IPAddress.TryParse(BaseAddress.Host, out var address) || !System.Net.IPAddress.IsLoopback(address))
            throw new InvalidOperationException($"The app under test must listen on loopback only, not {BaseAddress}.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        builder.UseSetting("Backup:Folder", BackupFolder); // its own, not the shared folder next to every fixture's data folder
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        // Quiet unless something goes wrong; keys stored unencrypted in a temp folder are expected here.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        if (configureServices is not null)
            builder.ConfigureTestServices(configureServices);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
            if (Directory.Exists(BackupFolder))
                Directory.Delete(BackupFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }
    }
}
