using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;

namespace QanDu.Dashboard.Features.Demo;

// The demo website channel: the demo host page (/widget/demo) is on the app's own origin, so that is what it allows.
internal sealed partial class DemoSeeder
{
    internal const string DemoChannelName = "Acme website";

    /// <summary>"Acme website": always open (a newcomer sees it live), into Unassigned, no auto-assignment.</summary>
    private async Task SeedChannelAsync(Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        var admin = people.Values.First(p => p.IsAdmin);
        await channels.CreateAsync(admin, AuditActor.App with { Name = "Demo data" }, new SaveChannelRequest(
            DemoChannelName,
            AppOrigins(configuration["urls"]),
            Greeting: "Hi! 👋 Questions about Acme? We're here to help.",
            Color: "#3949ab",
            ExpectedReplyTime: "within a few minutes",
            AwayMessage: "We're offline right now. Leave a message and we'll answer by email.",
            ReopenWindowHours: 24), ct);
    }

    /// <summary>
    /// The origins the app is reached at, from its listening URLs (<c>Urls</c>, e.g. http://127.0.0.1:5080): a wildcard host
    /// becomes localhost, and 127.0.0.1 and localhost stand for each other (a browser may use either).
    /// </summary>
    internal static List<string> AppOrigins(string? urls)
    {
        var origins = new List<string>();
        foreach (var url in (string.IsNullOrWhiteSpace(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var normalized = url.Replace("://*", "://localhost").Replace("://+", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
            if (ChannelOrigins.Normalize(normalized) is not { Origin: { } origin })
                continue;
            origins.Add(origin);
            if (origin.Contains("://localhost", StringComparison.Ordinal))
                origins.Add(origin.Replace("://localhost", "://127.0.0.1"));
            else if (origin.Contains("://127.0.0.1", StringComparison.Ordinal))
                origins.Add(origin.Replace("://127.0.0.1", "://localhost"));
        }
        return origins.Count > 0 ? [.. origins.Distinct()] : ["http://localhost:5000", "http://127.0.0.1:5000"];
    }
}
