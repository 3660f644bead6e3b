using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Tests.Features.Demo;

/// <summary>The demo workspace is what a prospective customer sees first: it must be coherent, not just compile.</summary>
public sealed class DemoSeederTests
{
    private const string Maya = "maya";

    private static readonly Dictionary<string, DemoSeeder.DemoPerson> People = DemoSeeder.DemoPeople.ToDictionary(p => p.Key);

    private static IEnumerable<DemoSeeder.DemoConversation> SupportThreads =>
        DemoSeeder.DemoConversations.Where(c => c.Participants.Any(key => People[key].Role is null));

    [Fact]
    public void DemoPeople_SignInUsers_AreTheDocumentedOnes()
    {
        DemoSeeder.DemoPeople.Select(p => (p.Email, p.Name, p.Role)).Should().Contain(
        [
            ("agent@qandu.local", "Maya Chen", Roles.Agent),
            ("agent2@qandu.local", "Tom Okafor", Roles.Agent),
            ("supervisor@qandu.local", "Priya Raman", Roles.Supervisor),
            ("admin@qandu.local", "Alex Morgan", Roles.Admin),
        ]);
    }

    [Fact]
    public void DemoContacts_EveryCustomerOnce_WithCompanyPlanAndWorkspace()
    {
        DemoSeeder.DemoContacts.Select(c => c.Key).Should().BeEquivalentTo(DemoSeeder.DemoPeople.Where(p => p.Role is null).Select(p => p.Key),
            "every demo customer is a contact, once");
        DemoSeeder.DemoContacts.Should().OnlyContain(c => c.Company.Length > 0 && c.Plan.Length > 0 && c.Workspace.StartsWith("ws_"));
        DemoSeeder.DemoContacts.Single(c => c.Key == "jordan").Should().BeEquivalentTo(new { Company = "Blake & Partners", Plan = "Team", Seats = "20" },
            o => o.ExcludingMissingMembers(), "Jordan's conversation names the workspace and the 20-seat Team plan");
    }

    [Fact]
    public void DemoTeams_BillingTechnicalVip_EachWithStaffAndConversationsWhoseAssigneeIsAMember()
    {
        DemoSeeder.DemoTeams.Select(t => t.Name).Should().Equal("Billing", "Technical", "VIP");
        DemoSeeder.DemoTeams.SelectMany(t => t.Members).Should().OnlyContain(key => People[key].Role != null, "team members are staff");
        foreach (var (name, _, members) in DemoSeeder.DemoTeams)
        {
            var triaged = DemoSeeder.DemoTriages.Where(t => t.Team == name).ToList();
            triaged.Should().HaveCountGreaterThanOrEqualTo(3, "the {0} team's view is not empty", name);
            triaged.Should().Contain(t => t.Assignee == null && !t.Archived, "the {0} team has work to pick up", name);
            triaged.Where(t => t.Assignee != null).Should().OnlyContain(t => members.Contains(t.Assignee!), "an assignee is in the conversation's team");
        }
        DemoSeeder.DemoTeams.Where(t => t.Members.Contains(Maya)).Should().HaveCountGreaterThanOrEqualTo(2, "the demo agent has team views");
    }

    [Fact]
    public void DemoPeople_Customers_HaveNoRoleAndAnExampleAddress()
    {
        var customers = DemoSeeder.DemoPeople.Where(p => !p.Email.EndsWith("@qandu.local", StringComparison.Ordinal)).ToList();

        customers.Should().HaveCountGreaterThanOrEqualTo(10)
            .And.OnlyContain(p => p.Role == null && p.Email.EndsWith("@example.com", StringComparison.Ordinal));
        DemoSeeder.DemoPeople.Select(p => p.Email).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void DemoConversations_EveryLine_IsInThePast()
    {
        foreach (var conversation in DemoSeeder.DemoConversations)
            conversation.Lines.Aggregate(TimeSpan.Zero, (sum, line) => sum + line.After)
                .Should().BeLessThan(conversation.StartedAgo, "'{0}' must not end in the future", Name(conversation));
    }

    [Fact]
    public void DemoConversations_Senders_AreParticipants()
    {
        foreach (var conversation in DemoSeeder.DemoConversations)
        {
            conversation.Participants.Should().OnlyContain(key => People.ContainsKey(key)).And.OnlyHaveUniqueItems();
            conversation.Lines.Select(l => l.From).Should().BeSubsetOf(conversation.Participants, Name(conversation));
        }
    }

    [Fact]
    public void DemoConversations_Replies_QuoteAnEarlierLine()
    {
        foreach (var conversation in DemoSeeder.DemoConversations)
            for (var i = 0; i < conversation.Lines.Length; i++)
                if (conversation.Lines[i].ReplyToLine is { } target)
                    target.Should().BeInRange(0, i - 1, "line {0} of '{1}' replies to an earlier line", i, Name(conversation));
    }

    [Fact]
    public void DemoConversations_SupportThreads_HaveOneCustomerAndOneOrTwoStaff()
    {
        SupportThreads.Should().HaveCountGreaterThanOrEqualTo(18);
        foreach (var conversation in SupportThreads)
        {
            conversation.Type.Should().Be(ThreadType.Group);
            conversation.Title.Should().NotBeNullOrWhiteSpace();
            conversation.Participants.Count(key => People[key].Role is null).Should().Be(1, Name(conversation));
            conversation.Participants.Count(key => People[key].Role is not null).Should().BeInRange(1, 2, Name(conversation));
        }
    }

    [Fact]
    public void DemoConversations_AgentInboxes_DifferAndSomeThreadsAreNotMayas()
    {
        var support = SupportThreads.ToList();
        var withMaya = support.Count(c => c.Participants.Contains(Maya));

        withMaya.Should().BeInRange(support.Count * 4 / 10, support.Count * 6 / 10, "Maya takes about half of the support conversations");
        support.Count(c => !c.Participants.Contains(Maya) && c.Participants.Contains("tom")).Should().BeGreaterThanOrEqualTo(2);
        DemoSeeder.DemoConversations.Except(support).Count(c => c.Participants.Contains(Maya)).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void DemoConversations_DirectThreads_AreDistinctPairsOfStaff()
    {
        var direct = DemoSeeder.DemoConversations.Where(c => c.Type == ThreadType.Direct).ToList();

        direct.Should().OnlyContain(c => c.Participants.Length == 2 && c.Participants.All(key => People[key].Role != null));
        // CreateThreadAsync returns the existing thread for a pair, so a second one would silently merge into the first.
        direct.Select(c => string.Join('+', c.Participants.Order())).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void DemoConversations_Inbox_LooksAliveAndBusy()
    {
        var lastActivityAgo = DemoSeeder.DemoConversations
            .Select(c => c.StartedAgo - c.Lines.Aggregate(TimeSpan.Zero, (sum, line) => sum + line.After)).ToList();

        lastActivityAgo.Count(ago => ago < TimeSpan.FromHours(1)).Should().BeGreaterThanOrEqualTo(3);
        DemoSeeder.DemoConversations.Max(c => c.StartedAgo).Should().BeCloseTo(TimeSpan.FromDays(5), TimeSpan.FromHours(12));
        DemoSeeder.DemoConversations.Sum(c => c.Lines.Length).Should().BeInRange(300, 450);
    }

    [Fact]
    public void DemoConversations_Markdown_RendersTablesAndCodeBlocks()
    {
        var renderer = new MarkdownRenderer();
        var lines = DemoSeeder.DemoConversations.SelectMany(c => c.Lines).ToList();

        foreach (var line in lines)
        {
            var html = renderer.ToHtml(line.Text);
            if (line.Text.Contains("|---", StringComparison.Ordinal))
                html.Should().Contain("<table", "a table renders as one: {0}", line.Text);
            // A raw string indented one level too far would turn prose into an indented code block.
            if (line.Text.Contains("```", StringComparison.Ordinal))
                html.Should().Contain("<pre", "a fenced block renders as code: {0}", line.Text);
            else
                html.Should().NotContain("<pre", "only fenced blocks render as code: {0}", line.Text);
        }
        lines.Count(l => l.Text.Contains("```", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(4);
        lines.Count(l => l.ReplyToLine != null).Should().BeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public void DemoTriages_NameSupportThreadsStaffAndLabels_AndLeaveEveryViewWithSomething()
    {
        var titles = SupportThreads.Select(c => c.Title).ToList();
        var labels = DemoSeeder.DemoLabels.Select(l => l.Name).ToList();
        foreach (var triage in DemoSeeder.DemoTriages)
        {
            titles.Should().Contain(triage.Title);
            triage.Labels.Should().BeSubsetOf(labels, triage.Title).And.OnlyHaveUniqueItems();
            if (triage.Assignee is { } assignee)
                People[assignee].Role.Should().NotBeNull("'{0}' is assigned to staff", triage.Title);
        }
        DemoSeeder.DemoTriages.Select(t => t.Title).Should().OnlyHaveUniqueItems();
        DemoSeeder.DemoTriages.Should().Contain(t => t.Assignee == Maya && !t.Archived, "Maya's Mine view has work")
            .And.Contain(t => t.Assignee == null && !t.Archived, "Unassigned has work")
            .And.Contain(t => t.Archived, "Archived is not empty")
            .And.Contain(t => t.Priority == PriorityLevel.Urgent && !t.Archived, "something stands out as urgent");
    }

    [Fact]
    public void DemoReactions_AreByParticipantsOnExistingLines_WithCatalogEmoji()
    {
        foreach (var reaction in DemoSeeder.DemoReactions)
        {
            var conversation = DemoSeeder.DemoConversations.Single(c => c.Title == reaction.Title);
            if (reaction.LineStart is { } start)
                conversation.Lines.Should().ContainSingle(l => l.Text.StartsWith(start, StringComparison.Ordinal), reaction.Title);
            reaction.People.Should().BeSubsetOf(conversation.Participants, reaction.Title).And.OnlyHaveUniqueItems();
            EmojiCatalog.Default.Find(reaction.Emoji).Should().NotBeNull("{0} is in the emoji list", reaction.Emoji);
        }
    }

    private static string Name(DemoSeeder.DemoConversation conversation) =>
        conversation.Title ?? string.Join(" + ", conversation.Participants);
}
