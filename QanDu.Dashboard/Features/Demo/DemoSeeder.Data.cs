using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account;

namespace QanDu.Dashboard.Features.Demo;

internal sealed partial class DemoSeeder
{
    internal static readonly IReadOnlyList<DemoPerson> DemoPeople =
    [
        new("agent", "Maya Chen", "agent@qandu.local", Roles.Agent, PresenceStatus.Online),
        new("agent2", "Tom Okafor", "agent2@qandu.local", Roles.Agent, PresenceStatus.Online),
        new("supervisor", "Priya Raman", "supervisor@qandu.local", Roles.Supervisor, PresenceStatus.Online),
        new("admin", "Alex Morgan", "admin@qandu.local", Roles.Admin, PresenceStatus.Away),
        new("cust1", "Jordan Blake", "jordan.blake@example.com", null, PresenceStatus.Offline),
    ];

    internal static readonly IReadOnlyList<DemoConversation> DemoConversations =
    [
        new(ThreadType.Group, "Refund for double charge", ["cust1", "agent"], TimeSpan.FromHours(3),
        [
            new("cust1", TimeSpan.Zero, "Hi, I was charged **twice** for my March invoice. Can you help?"),
            new("agent", TimeSpan.FromMinutes(2), "Sorry about that, Jordan! Let me check your billing history."),
        ]),
        new(ThreadType.Direct, null, ["agent", "agent2"], TimeSpan.FromHours(1),
        [
            new("agent2", TimeSpan.Zero, "Can you cover the queue at 3pm?"),
            new("agent", TimeSpan.FromMinutes(1), "Sure, no problem."),
        ]),
    ];
}
