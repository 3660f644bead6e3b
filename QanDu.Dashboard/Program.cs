using QanDu.Dashboard.Hosting;

if (CommandLineVerbs.Precheck(args) is { } exitCode)
    return exitCode; // help, or a mistyped command: nothing is started or written
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddRootAppSettings();
builder.WebHost.UseStaticWebAssets(); // serves library assets under `dotnet run` in any environment; a no-op once published
builder.AddChatDatabase().AddAuth().AddChat().AddWeb();
var app = builder.Build();

if (CommandLineVerbs.IsVerb(args))
    return await CommandLineVerbs.RunAsync(app, args);
if (!app.TryHoldDataFolder())
    return 1;

await app.InitializeAsync();
await app.PrintWhenStartedAsync();
app.UseDashboard();
await app.RunAsync();
return 0;

/// <summary>The entry point, public so tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
