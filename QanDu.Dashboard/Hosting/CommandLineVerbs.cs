using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Hosting.Backups;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// Admin tasks for real installs, run instead of the server (see <see cref="Usage"/>). Settings on the command line
/// (<c>--key value</c>, <c>key=value</c>, <c>/key value</c>) are not commands; any other first word must be one.
/// </summary>
internal static class CommandLineVerbs
{
    public static readonly string[] Verbs = ["create-admin", "create-user", "create-api-key", "backup", "restore", "help"];

    /// <summary>Where invitation links point when the configuration names no address (<c>Urls</c>).</summary>
    public const string DefaultAppUrl = "http://127.0.0.1:5080";

    public const string Usage = """
        Commands (run instead of the server; docs/operations.md):
          create-admin --email E --password P [--name N]  add an admin
          create-user --email E --name N --role R [--password P]
                                                           add a person (R: Agent, Supervisor or Admin); without
                                                           a password, print a 7-day invitation link instead
          create-api-key --email E [--name N]              print a new API key for a user
          backup --out FILE.zip                            copy the database, files and sign-in keys into one checked
                                                           archive; the app may keep running
          restore --from FILE.zip                          replace the data with a backup; stop the app first
          help                                             print this list
        Without a command the server starts.
        """;

    public static bool IsVerb(string[] args) =>
        args.Length > 0 && args[0].Length > 0 && args[0][0] is not ('-' or '/') && !args[0].Contains('=');

    /// <summary>
    /// Answers help and refuses a mistyped command before anything is built, so a typo never starts the server or
    /// touches the data folder; null when the command line is a known command or no command at all.
    /// </summary>
    public static int? Precheck(string[] args)
    {
        if (args is ["help"] or ["--help"] or ["-h"])
        {
            Console.WriteLine(Usage);
            return 0;
        }
        if (!IsVerb(args) || Verbs.Contains(args[0]))
            return null;
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var services = app.Services;
        try
        {
            var options = ParseOptions(args.Skip(1).ToArray());
            switch (args[0])
            {
                case "help":
                    Console.WriteLine(Usage);
                    return 0;
                case "restore":
                    return Done(services.GetRequiredService<RestoreCommand>().Run(Require(options, "from")));
            }
            if (!app.TryHoldDataFolder())
                return 1;
            if (args[0] == "backup")
                return Done(services.GetRequiredService<BackupCommand>().Run(Require(options, "out")));

            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: false, CancellationToken.None);
            return args[0] switch
            {
                "create-admin" => await CreateAdminAsync(scope.ServiceProvider, options),
                "create-user" => await CreateUserAsync(scope.ServiceProvider, app.Configuration, options),
                _ => await CreateApiKeyAsync(scope.ServiceProvider, options),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or BackupException or ChatValidationException or ChatConflictException)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var email = Require(options, "email");
        var request = new InviteRequest(email, options.GetValueOrDefault("name") ?? email.Split('@')[0], Roles.Admin);
        await services.GetRequiredService<PeopleService>()
            .CreateAsync(ChatCaller.System(AuditActor.CommandLine.Name), request, Require(options, "password"));
        Console.WriteLine($"Created admin {email}. Sign in at /account/login.");
        return 0;
    }

    /// <summary>
    /// A person with a role: with <c>--password</c> they can sign in at once; without, an invitation link is printed
    /// (pointing at the first address in <c>Urls</c>) for the operator to pass on, or emailed when email is set up.
    /// </summary>
    private static async Task<int> CreateUserAsync(IServiceProvider services, IConfiguration configuration, Dictionary<string, string> options)
    {
        var request = new InviteRequest(Require(options, "email"), Require(options, "name"), Require(options, "role"));
        var people = services.GetRequiredService<PeopleService>();
        var commandLine = ChatCaller.System(AuditActor.CommandLine.Name);
        if (options.GetValueOrDefault("password") is { } password)
        {
            var person = await people.CreateAsync(commandLine, request, password);
            Console.WriteLine($"Created {person.Role.ToLowerInvariant()} {person.Name} <{person.Email}>. Sign in at /account/login.");
            return 0;
        }
        var invitation = await people.InviteAsync(commandLine, request, AppUrl(configuration));
        Console.WriteLine($"Invited {invitation.Person.Role.ToLowerInvariant()} {invitation.Person.Name} <{invitation.Person.Email}>.");
        Console.WriteLine(invitation.Link.Email switch
        {
            EmailDelivery.Sent => $"The invitation was emailed to {invitation.Person.Email}. The link (valid until {invitation.Link.ExpiresAt:u}, works once):",
            EmailDelivery.Failed => $"Email could not be sent ({invitation.Link.EmailError}); pass this link on yourself (valid until {invitation.Link.ExpiresAt:u}, works once):",
            _ => $"Email is not set up (Email:Host); pass this link on yourself (valid until {invitation.Link.ExpiresAt:u}, works once):",
        });
        Console.WriteLine(invitation.Link.Url);
        return 0;
    }

    /// <summary>
    /// The app's address for links: the first of <c>Urls</c> (a wildcard host read as 127.0.0.1), else
    /// <see cref="DefaultAppUrl"/>. Behind a proxy, set <c>Urls</c>' first entry to the public address.
    /// </summary>
    internal static Uri AppUrl(IConfiguration configuration)
    {
        var first = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(first))
            return new Uri(DefaultAppUrl + "/");
        first = first.Replace("://*", "://127.0.0.1").Replace("://+", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        // Port 0 ("any free port") names no address a person could open.
        return Uri.TryCreate(first.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Port != 0 ? url : new Uri(DefaultAppUrl + "/");
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var email = Require(options, "email");
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
            return Fail($"No user has the email {email}.");
        var key = await services.GetRequiredService<ApiKeyService>()
            .CreateAsync(user.Id, options.GetValueOrDefault("name") ?? "Command line", AuditActor.CommandLine, CancellationToken.None);
        Console.WriteLine($"API key for {email} (shown once, store it now):");
        Console.WriteLine(key.Secret);
        return 0;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options look like --email someone@example.com.");
            if (i + 1 >= args.Length)
                throw new ArgumentException($"Option {args[i]} needs a value.");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    private static string Require(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException($"Missing --{name}.");

    private static int Done(string report)
    {
        Console.WriteLine(report);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
