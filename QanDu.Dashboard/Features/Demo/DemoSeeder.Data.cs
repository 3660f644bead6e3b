using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Demo;

// The demo workspace: a support team of a SaaS product, its customers, and a few days of conversations.
// The conversations live in DemoSeeder.Support.*.cs (with customers) and DemoSeeder.Team.*.cs (staff only).
internal sealed partial class DemoSeeder
{
    internal static readonly IReadOnlyList<DemoPerson> DemoPeople =
    [
        // Staff: the first four are the documented sign-in users.
        new("maya", "Maya Chen", "agent@qandu.local", Roles.Agent, PresenceStatus.Online),
        new("tom", "Tom Okafor", "agent2@qandu.local", Roles.Agent, PresenceStatus.Online),
        new("priya", "Priya Raman", "supervisor@qandu.local", Roles.Supervisor, PresenceStatus.Online),
        new("alex", "Alex Morgan", "admin@qandu.local", Roles.Admin, PresenceStatus.Online),
        new("sofia", "Sofia Alvarez", "sofia.alvarez@qandu.local", Roles.Agent, PresenceStatus.Busy),
        new("daniel", "Daniel Kim", "daniel.kim@qandu.local", Roles.Agent, PresenceStatus.Online),
        new("lena", "Lena Fischer", "lena.fischer@qandu.local", Roles.Agent, PresenceStatus.Away),

        // Customers: no role and no password, so they cannot sign in to the dashboard.
        new("jordan", "Jordan Blake", "jordan.blake@example.com", null, PresenceStatus.Offline),
        new("kwame", "Kwame Mensah", "kwame.mensah@example.com", null, PresenceStatus.Offline),
        new("fatima", "Fatima Al-Sayed", "fatima.alsayed@example.com", null, PresenceStatus.Offline),
        new("camila", "Camila Rodrigues", "camila.rodrigues@example.com", null, PresenceStatus.Online),
        new("lucas", "Lucas Moreau", "lucas.moreau@example.com", null, PresenceStatus.Offline),
        new("aiko", "Aiko Tanaka", "aiko.tanaka@example.com", null, PresenceStatus.Offline),
        new("grace", "Grace O'Connor", "grace.oconnor@example.com", null, PresenceStatus.Offline),
        new("seun", "Oluwaseun Adeyemi", "seun.adeyemi@example.com", null, PresenceStatus.Away),
        new("ingrid", "Ingrid Johansson", "ingrid.johansson@example.com", null, PresenceStatus.Online),
        new("rahul", "Rahul Mehta", "rahul.mehta@example.com", null, PresenceStatus.Offline),
        new("dmitri", "Dmitri Volkov", "dmitri.volkov@example.com", null, PresenceStatus.Online),
        new("meilin", "Mei Lin Wong", "meilin.wong@example.com", null, PresenceStatus.Offline),
    ];

    // Methods rather than fields: static field initialisers across partial files run in no guaranteed order.
    internal static readonly IReadOnlyList<DemoConversation> DemoConversations =
    [
        .. BillingConversations(),
        .. AccountConversations(),
        .. TechnicalConversations(),
        .. AdminConversations(),
        .. ProductConversations(),
        .. TeamChannels(),
        .. TeamChats(),
    ];
}
