using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;

namespace QanDu.Dashboard.Hosting;

/// <summary>
/// Admin tasks for real installs, run instead of the server:
/// <c>create-admin --email E --password P [--name N]</c> and <c>create-api-key --email E [--name N]</c>.
/// </summary>
internal static class CommandLineVerbs
{
    public static readonly string[] Verbs = ["create-admin", "create-api-key"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: false, CancellationToken.None);
        var options = ParseOptions(args.Skip(1).ToArray());
        try
        {
            return args[0] switch
            {
                "create-admin" => await CreateAdminAsync(services, options),
                "create-api-key" => await CreateApiKeyAsync(services, options),
                _ => Fail($"Unknown command '{args[0]}'. Commands: {string.Join(", ", Verbs)}."),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var email = Require(options, "email");
        var password = Require(options, "password");
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
            return Fail($"A user with the email {email} already exists.");
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = options.GetValueOrDefault("name") ?? email.Split('@')[0],
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return Fail("Could not create the admin: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, [Roles.Admin]);
        Console.WriteLine($"Created admin {email}. Sign in at /account/login.");
        return 0;
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, Dictionary<string, string> options)
    {
        var email = Require(options, "email");
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
            return Fail($"No user has the email {email}.");
        var key = await services.GetRequiredService<ApiKeyService>()
            .CreateAsync(user.Id, options.GetValueOrDefault("name") ?? "Command line", CancellationToken.None);
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

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
