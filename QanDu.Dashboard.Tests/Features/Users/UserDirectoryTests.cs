using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Users;

/// <summary>The people directory: staff see staff emails; a customer's email only where they can see that customer's conversation.</summary>
public sealed class UserDirectoryTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ListAsync_AgentAndCustomers_EmailOnlyOfCustomersInTheAgentsConversations()
    {
        var agent = await factory.CreateUserAsync("Agent Directory", Roles.Agent);
        var colleague = await factory.CreateUserAsync("Colleague Directory", Roles.Agent);
        var supervisor = await factory.CreateUserAsync("Supervisor Directory", Roles.Supervisor);
        var mine = await factory.CreateUserAsync("Customer Of Mine", role: null);
        var theirs = await factory.CreateUserAsync("Customer Of Theirs", role: null);
        await factory.CreateGroupThreadAsync(agent, "My customer", mine);
        await factory.CreateGroupThreadAsync(colleague, "Their customer", theirs);
        var directory = factory.Services.GetRequiredService<Dashboard.Features.Users.UserDirectory>();

        var agentSees = (await directory.ListAsync(agent)).ToDictionary(u => u.Id);
        var supervisorSees = (await directory.ListAsync(supervisor)).ToDictionary(u => u.Id);

        agentSees[mine.UserId].Email.Should().EndWith("@test.local", "the agent talks with this customer");
        agentSees[theirs.UserId].Email.Should().BeEmpty("the agent cannot see any of this customer's conversations");
        agentSees[theirs.UserId].DisplayName.Should().Be("Customer Of Theirs");
        agentSees[colleague.UserId].Email.Should().NotBeEmpty("staff emails are for all staff");
        supervisorSees[theirs.UserId].Email.Should().NotBeEmpty("a supervisor sees every conversation");
    }
}
