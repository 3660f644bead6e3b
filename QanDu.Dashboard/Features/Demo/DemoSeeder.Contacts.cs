using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;

namespace QanDu.Dashboard.Features.Demo;

// The demo's customers as contacts, with what their conversations tell about them (company, plan, seats, region); their
// support conversations become customer conversations, so the inbox shows the contact panel beside them.
internal sealed partial class DemoSeeder
{
    internal sealed record DemoContact(string Key, string Company, string? Phone, string Workspace, string Plan, string? Seats,
        string? Region = null, string Browser = "Chrome 131", string Os = "Windows 11", string? Page = null);

    internal static readonly IReadOnlyList<DemoContact> DemoContacts =
    [
        new("jordan", "Blake & Partners", "+1 415 555 0142", "ws_blake_partners", "Team", "20", Page: "/billing/invoices"),
        new("kwame", "Mensah Logistics", "+233 30 255 0188", "ws_mensah_logistics", "Starter", "30", Browser: "Edge 131"),
        new("fatima", "Al-Sayed Architects", "+971 4 555 0131", "ws_alsayed_arch", "Team", "15", Browser: "Safari 18", Os: "macOS 15"),
        new("camila", "Rodrigues Design", null, "ws_rodrigues_design", "Team", "18", Browser: "Firefox 133", Os: "macOS 15", Page: "/pricing"),
        new("lucas", "Moreau Conseil", "+33 1 55 55 01 27", "ws_moreau_conseil", "Business", null, "EU"),
        new("aiko", "Tanaka Robotics", "+81 3 5555 0163", "ws_tanaka_robotics", "Business", null, "APAC", "Safari 18", "iOS 18"),
        new("grace", "O'Connor Health", null, "ws_oconnor_health", "Team", "15", "EU"),
        new("seun", "Adeyemi Fintech", "+234 1 555 0199", "ws_adeyemi_fintech", "Business", null, Browser: "Chrome 131", Os: "Ubuntu 24.04"),
        new("ingrid", "Johansson Analytics", null, "ws_johansson", "Business", null, "EU", "Firefox 133", "Windows 11", "/exports"),
        new("rahul", "Mehta Commerce", "+91 22 5555 0110", "ws_mehta_commerce", "Team", null, Browser: "Chrome 131", Os: "macOS 15"),
        new("dmitri", "Volkov Support Ops", null, "ws_volkov_ops", "Business", null, "EU", Page: "/status"),
        new("meilin", "Wong Night Care", "+65 6555 0175", "ws_wong_nightcare", "Team", null, "APAC", "Chrome 131", "Android 15"),
    ];

    private async Task SeedContactsAsync(Dictionary<string, ChatCaller> people, DateTime now, CancellationToken ct)
    {
        foreach (var (demo, index) in DemoContacts.Select((c, i) => (c, i)))
        {
            var person = DemoPeople.Single(p => p.Key == demo.Key);
            var attributes = new Dictionary<string, string> { ["plan"] = demo.Plan, ["workspace id"] = demo.Workspace };
            if (demo.Seats is { } seats) attributes["seats"] = seats;
            if (demo.Region is { } region) attributes["region"] = region;
            await contacts.AdoptUserAsync(people[demo.Key].UserId,
                new ContactDetails(person.Name, person.Email, $"user-{1000 + index}", demo.Phone, demo.Company), attributes,
                firstSeenAt: now.AddDays(-30 - index * 7), lastSeenAt: now.AddMinutes(-(index * 37 % 600)),
                demo.Browser, demo.Os, demo.Page is { } page ? $"https://app.example.com{page}" : null, demo.Page is { } path ? PageTitle(path) : null, ct);
        }
    }

    private static string PageTitle(string path) => path switch
    {
        "/billing/invoices" => "Invoices · Billing",
        "/pricing" => "Pricing",
        "/exports" => "Exports",
        "/status" => "System status",
        _ => path,
    };
}
