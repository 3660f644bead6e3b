using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary><c>create-user</c> as an operator runs it, in its own process on a real data folder.</summary>
public sealed class CreateUserCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CreateUser_WithoutPassword_PrintsAWorkingInvitationLinkAndAudits()
    {
        using var folder = new TempDataFolder();

        var run = await AppProcess.RunAsync(folder.Path, ["create-user", "--email", "tia@example.com", "--name", "Tia Team", "--role", "Supervisor"], Timeout);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("Invited supervisor Tia Team <tia@example.com>.").And.Contain("Email is not set up");
        var url = run.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("http://127.0.0.1:5080/account/invite/", StringComparison.Ordinal));
        await using var app = DashboardFactory.OnFolder(folder);
        var user = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "tia@example.com"));
        await app.Links().UseAsync(PeopleTestKit.TokenOf(url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        (await app.HasPasswordAsync(user.Id, PeopleTestKit.GoodPassword)).Should().BeTrue();
        var audit = await app.AuditOfAsync(user.Id);
        audit.First().Should().BeEquivalentTo(new { Action = "user.invited", ActorName = "Command line", ActorId = (string?)null });
    }

    [Fact]
    public async Task CreateUser_WithPassword_CanSignInAndBadRoleOrDuplicateRefused()
    {
        using var folder = new TempDataFolder();

        var created = await AppProcess.RunAsync(folder.Path,
            ["create-user", "--email", "abe@example.com", "--name", "Abe Agent", "--role", "agent", "--password", "Agent1Password"], Timeout);
        var badRole = await AppProcess.RunAsync(folder.Path,
            ["create-user", "--email", "bo@example.com", "--name", "Bo", "--role", "Boss"], Timeout);
        var duplicate = await AppProcess.RunAsync(folder.Path,
            ["create-user", "--email", "abe@example.com", "--name", "Abe Again", "--role", "Agent"], Timeout);

        created.ExitCode.Should().Be(0, created.ToString());
        created.Output.Should().Contain("Created agent Abe Agent <abe@example.com>.");
        badRole.ExitCode.Should().Be(1);
        badRole.Error.Should().Contain("\"Boss\" is not a role. A person is one of: Agent, Supervisor, Admin.");
        duplicate.ExitCode.Should().Be(1);
        duplicate.Error.Should().Contain("abe@example.com already belongs to Abe Agent");
        await using var app = DashboardFactory.OnFolder(folder);
        var abe = await app.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "abe@example.com"));
        (await app.HasPasswordAsync(abe.Id, "Agent1Password")).Should().BeTrue();
        (await app.Directory().GetAsync(ChatCaller.System("tests"), abe.Id)).Role.Should().Be(Roles.Agent);
        (await app.QueryAsync(db => db.Users.AnyAsync(u => u.Email == "bo@example.com"))).Should().BeFalse();
        (await app.AuditOfAsync(abe.Id)).Should().ContainSingle(e => e.Action == "user.created").Which.ActorName.Should().Be("Command line");
    }

    [Fact]
    public void AppUrl_FromUrlsSetting_WildcardReadAsLoopbackAndDefaultWithoutIt()
    {
        static Uri UrlFor(string? urls) => QanDu.Dashboard.Hosting.CommandLineVerbs.AppUrl(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build());

        UrlFor("https://support.example.com;http://127.0.0.1:5080").ToString().Should().Be("https://support.example.com/");
        UrlFor("http://*:8080").ToString().Should().Be("http://127.0.0.1:8080/");
        UrlFor(null).ToString().Should().Be("http://127.0.0.1:5080/");
        UrlFor("http://127.0.0.1:0").ToString().Should().Be("http://127.0.0.1:5080/", "port 0 is no address to open");
    }
}
