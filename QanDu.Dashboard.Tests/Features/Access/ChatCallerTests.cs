using System.Security.Claims;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Tests.Features.Access;

/// <summary>The one place a signed-in request or circuit becomes a caller, and its kind.</summary>
public sealed class ChatCallerTests
{
    [Theory]
    [InlineData(Roles.Agent, CallerKind.Staff, false, false)]
    [InlineData(Roles.Supervisor, CallerKind.Staff, true, false)]
    [InlineData(Roles.Admin, CallerKind.Staff, true, true)]
    [InlineData(null, CallerKind.Visitor, false, false)]
    public void From_CookiePrincipalWithRole_KindAndRights(string? role, CallerKind kind, bool seesAll, bool admin)
    {
        var caller = ChatCaller.From(Principal("u1", "Maya Chen", role));

        caller.Should().BeEquivalentTo(new { UserId = "u1", DisplayName = "Maya Chen", Kind = kind, SeesAllThreads = seesAll, IsAdmin = admin });
    }

    [Fact]
    public void From_ApiKeyPrincipal_ApiKeyKindWithTheOwnersRights()
    {
        var principal = Principal("u2", "Priya Shah", Roles.Supervisor);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AppClaims.CallerKind, AppClaims.ApiKeyCaller));

        var caller = ChatCaller.From(principal);

        caller.Should().BeEquivalentTo(new { Kind = CallerKind.ApiKey, SeesAllThreads = true, IsStaff = true });
    }

    [Fact]
    public void ForRoles_NoStaffRoleEvenByApiKey_VisitorWhoSeesOnlyTheirOwn()
    {
        var caller = ChatCaller.ForRoles("c1", "Ana Souza", ["Customer"], viaApiKey: true);

        caller.Should().BeEquivalentTo(new { Kind = CallerKind.Visitor, IsVisitor = true, IsStaff = false, SeesAllThreads = false, IsAdmin = false });
        caller.SeesEveryThread().Should().BeFalse();
    }

    [Fact]
    public void System_TheAppItself_SeesEveryThreadButIsNoAdmin()
    {
        var caller = ChatCaller.System("Message analysis");

        caller.Should().BeEquivalentTo(new { Kind = CallerKind.System, IsAdmin = false, UserId = ChatCaller.SystemUserId });
        caller.SeesEveryThread().Should().BeTrue();
    }

    private static ClaimsPrincipal Principal(string id, string name, string? role)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id), new(AppClaims.DisplayName, name) };
        if (role is not null)
            claims.Add(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }
}
