using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Teams;

namespace QanDu.Dashboard.Features.Demo;

// How the demo inbox is triaged (labels, who owns what, what is urgent, what is done and archived) and reacted to.
internal sealed partial class DemoSeeder
{
    internal static readonly IReadOnlyList<(string Name, string Color)> DemoLabels =
    [
        ("Billing", "#1e88e5"),
        ("Bug", "#e53935"),
        ("Feature request", "#8e24aa"),
        ("VIP", "#f9a825"),
        ("Account access", "#00897b"),
        ("Waiting on customer", "#757575"),
    ];

    /// <summary>The teams and their members (each triaged assignee is a member of the conversation's team).</summary>
    internal static readonly IReadOnlyList<(string Name, string Description, string[] Members)> DemoTeams =
    [
        ("Billing", "Invoices, refunds, plan changes", ["maya", "sofia"]),
        ("Technical", "Bugs, integrations and outages", ["tom", "daniel", "lena"]),
        ("VIP", "Enterprise customers and escalations", ["priya", "tom", "maya"]),
    ];

    /// <summary>Triage per support conversation, by title. Team threads stay untriaged.</summary>
    internal static readonly IReadOnlyList<DemoTriage> DemoTriages =
    [
        new("Charged twice for this month's invoice", "maya", PriorityLevel.High, ["Billing"], Team: "Billing"),
        new("Third billing error this year — unacceptable", "priya", PriorityLevel.Urgent, ["Billing", "VIP"], Team: "VIP"),
        new("Refund for seats we didn't use", "sofia", PriorityLevel.Normal, ["Billing"], Team: "Billing"),
        new("Upgrade from Team to Business mid-cycle", null, PriorityLevel.Normal, ["Billing"], Team: "Billing"),
        new("Invoices are missing our VAT number", "maya", PriorityLevel.Low, ["Billing"], Archived: true, Team: "Billing"),
        new("Locked out after losing my 2FA phone", "maya", PriorityLevel.High, ["Account access"]),
        new("Password reset email never arrives", "maya", PriorityLevel.Normal, ["Account access", "Bug"], Archived: true),
        new("GDPR request: copy of my personal data", "sofia", PriorityLevel.Normal, [], Archived: true),
        new("Can't invite colleagues: 'Seat limit reached'", null, PriorityLevel.Normal, ["Account access"]),
        new("Workspace owner has left the company", "tom", PriorityLevel.High, ["Account access", "VIP"], Team: "VIP"),
        new("Scheduled report arrives at the wrong time", null, PriorityLevel.Low, ["Bug"], Team: "Technical"),
        new("Our replies land in customers' spam folders", "tom", PriorityLevel.Normal, ["Bug", "Waiting on customer"]),
        new("Feature request: dark mode in the mobile app", null, PriorityLevel.Low, ["Feature request"]),
        new("Contact import stuck at 'Processing 0%'", "lena", PriorityLevel.High, ["Bug"], Team: "Technical"),
        new("iOS app crashes when opening PDF attachments", "daniel", PriorityLevel.High, ["Bug"], Team: "Technical"),
        new("API returns 429 Too Many Requests during nightly sync", "tom", PriorityLevel.Normal, ["Waiting on customer"]),
        new("CSV export stops at 10,000 rows", null, PriorityLevel.Normal, ["Bug"], Team: "Technical"),
        new("Webhook deliveries failing with 410 Gone", "tom", PriorityLevel.High, ["Bug"], Team: "Technical"),
        new("Inbox shows 502 errors — are you down?", null, PriorityLevel.Urgent, ["Bug", "VIP"], Team: "VIP"),
    ];

    /// <summary>Reactions on a line, found by the thread's title and how the line starts.</summary>
    internal static readonly IReadOnlyList<DemoReaction> DemoReactions =
    [
        new("Support team", "Hi team!", "👍", ["maya", "tom", "daniel", "lena"]),
        new("Support team", "Hi team!", "✅", ["sofia"]),
        new("Support team", "Saved reply *Account", "🎉", ["priya", "tom"]),
        new("Support team", "Shift swap", "🙏", ["priya"]),
        new("Support team", "I can take it!", "❤️", ["tom", "lena"]),
        new("Charged twice for this month's invoice", "Got the credit note", "🙌", ["maya"]),
        new("Billing escalations", null, "👀", ["priya", "alex"]),
    ];

    private async Task ReactAsync(IReadOnlyList<IReadOnlyList<long>> messageIds, Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        foreach (var reaction in DemoReactions)
        {
            var index = IndexOf(reaction.Title);
            var lines = DemoConversations[index].Lines;
            var line = reaction.LineStart is { } start ? Array.FindIndex(lines, l => l.Text.StartsWith(start, StringComparison.Ordinal)) : 0;
            if (line < 0)
                throw new InvalidOperationException($"The demo reaction names a line that does not exist: {reaction.Title} / {reaction.LineStart}");
            foreach (var person in reaction.People)
                await reactions.ToggleAsync(people[person], messageIds[index][line], reaction.Emoji, ct);
        }
    }

    private static int IndexOf(string title)
    {
        for (var i = 0; i < DemoConversations.Count; i++)
            if (DemoConversations[i].Title == title)
                return i;
        throw new InvalidOperationException($"The demo data names a conversation that does not exist: {title}");
    }

    private async Task TriageAsync(IReadOnlyList<long> threadIds, Dictionary<string, ChatCaller> people, CancellationToken ct)
    {
        var admin = people.Values.First(p => p.IsAdmin);
        var labelIds = new Dictionary<string, long>();
        foreach (var (name, color) in DemoLabels)
            labelIds[name] = (await labels.CreateAsync(admin, new(name, color), ct: ct)).Id;
        var teamIds = new Dictionary<string, long>();
        var seeder = AuditActor.App with { Name = "Demo data" };
        foreach (var (name, description, members) in DemoTeams)
        {
            var team = await teams.CreateAsync(admin, seeder, new SaveTeamRequest(name, description), ct);
            await teams.SetMembersAsync(admin, seeder, team.Id, new SetTeamMembersRequest([.. members.Select(m => people[m].UserId)]), ct);
            teamIds[name] = team.Id;
        }
        foreach (var triage in DemoTriages)
        {
            var threadId = threadIds[IndexOf(triage.Title)];
            foreach (var label in triage.Labels)
                await threads.AddLabelAsync(admin, threadId, labelIds[label], ct);
            var assignee = triage.Assignee is { } key ? people[key].UserId : null;
            await threads.UpdateThreadAsync(admin, threadId, new(
                Status: triage.Archived ? ThreadStatus.Archived : null, Priority: triage.Priority, AssigneeId: assignee,
                TeamId: triage.Team is { } team ? teamIds[team] : null), ct);
        }
    }

    internal sealed record DemoReaction(string Title, string? LineStart, string Emoji, string[] People);

    internal sealed record DemoTriage(string Title, string? Assignee, PriorityLevel Priority, string[] Labels, bool Archived = false, string? Team = null);
}
