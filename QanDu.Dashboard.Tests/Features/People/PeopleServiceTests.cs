using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary>Invitations, links and the rules on bad input, through the one write path for staff accounts.</summary>
public sealed class PeopleServiceTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task InviteAsync_NewPerson_InvitedWithAOneTimeLinkWhoseHashAloneIsStored()
    {
        var admin = await app.CreateUserAsync("Invite Admin", Roles.Admin);
        var email = PeopleTestKit.UniqueEmail("sam");

        var invitation = await app.People().InviteAsync(admin, new InviteRequest(email, "Sam Supervisor", "supervisor"), PeopleTestKit.AppUri);

        invitation.Person.Should().BeEquivalentTo(new { Email = email, Name = "Sam Supervisor", Role = Roles.Supervisor, Status = PersonStatus.Invited });
        invitation.Link.Url.Should().StartWith("http://127.0.0.1:5080/account/invite/");
        invitation.Link.Email.Should().Be(EmailDelivery.NotConfigured, "no Email:Host is set here");
        invitation.Link.ExpiresAt.Should().BeCloseTo(DateTime.UtcNow.AddDays(7), TimeSpan.FromMinutes(1));
        var token = PeopleTestKit.TokenOf(invitation.Link.Url);
        Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Should().HaveCount(32);
        var stored = await app.QueryAsync(db => db.OneTimeLinks.AsNoTracking().SingleAsync(l => l.UserId == invitation.Person.Id));
        stored.TokenHash.Should().HaveLength(64).And.NotContain(token);
        var audit = await app.AuditOfAsync(invitation.Person.Id);
        audit.Should().ContainSingle(e => e.Action == "user.invited").Which.Should().BeEquivalentTo(new
        {
            ActorId = admin.UserId,
            After = $$"""{"email":"{{email}}","name":"Sam Supervisor","role":"Supervisor"}""",
        });
    }

    [Fact]
    public async Task InviteAsync_ExistingEmail_ConflictNamingTheEmailAndNothingCreated()
    {
        var admin = await app.CreateUserAsync("Dup Admin", Roles.Admin);
        var first = await app.InviteAsync(admin, Roles.Agent, "First Person");
        var before = await app.QueryAsync(db => db.Users.CountAsync());

        var again = () => app.People().InviteAsync(admin, new InviteRequest(first.Person.Email.ToUpperInvariant(), "Other", Roles.Agent), PeopleTestKit.AppUri);

        var conflict = (await again.Should().ThrowAsync<ChatConflictException>()).Which;
        conflict.Message.Should().Contain(first.Person.Email.ToUpperInvariant()).And.Contain("First Person");
        conflict.Title.Should().Be("Email already in use");
        (await app.QueryAsync(db => db.Users.CountAsync())).Should().Be(before);
    }

    [Theory]
    [InlineData("not-an-email", "Ann", "Agent", "email", "not an email address")]
    [InlineData("ann@", "Ann", "Agent", "email", "not an email address")]
    [InlineData("", "Ann", "Agent", "email", "Enter the person's email")]
    [InlineData("ann@example.com", "", "Agent", "name", "1 to 100")]
    [InlineData("ann@example.com", "Ann", "Owner", "role", "one of: Agent, Supervisor, Admin")]
    public async Task InviteAsync_BadInput_ValidationNamingTheFieldAndNothingCreated(string email, string name, string role, string field, string says)
    {
        var admin = await app.CreateUserAsync("Bad Input Admin", Roles.Admin);
        var before = await app.QueryAsync(db => db.Users.CountAsync());

        var invite = () => app.People().InviteAsync(admin, new InviteRequest(email, name, role), PeopleTestKit.AppUri);

        var error = (await invite.Should().ThrowAsync<ChatValidationException>()).Which;
        error.Errors.Should().ContainKey(field).WhoseValue.Should().ContainSingle().Which.Should().Contain(says);
        (await app.QueryAsync(db => db.Users.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task InviteAsync_ByAnAgentOrSupervisor_Forbidden()
    {
        var agent = await app.CreateUserAsync("Nosy Agent", Roles.Agent);
        var supervisor = await app.CreateUserAsync("Nosy Supervisor", Roles.Supervisor);

        foreach (var caller in new[] { agent, supervisor })
        {
            var invite = () => app.People().InviteAsync(caller, new InviteRequest(PeopleTestKit.UniqueEmail("x"), "X", Roles.Agent), PeopleTestKit.AppUri);
            (await invite.Should().ThrowAsync<ChatForbiddenException>()).WithMessage("Only admins manage people.");
        }
    }

    [Fact]
    public async Task UseAsync_InvitationAccepted_ActiveWithPasswordAndTheLinkWorksOnlyOnce()
    {
        var admin = await app.CreateUserAsync("Accept Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Ada Agent");
        var token = PeopleTestKit.TokenOf(invitation.Link.Url);

        (await app.Links().InspectAsync(token, OneTimeLinkPurpose.Invitation)).Name.Should().Be("Ada Agent");
        await app.Links().UseAsync(token, OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);

        (await app.Directory().GetAsync(admin, invitation.Person.Id)).Status.Should().Be(PersonStatus.Active);
        (await app.HasPasswordAsync(invitation.Person.Id, PeopleTestKit.GoodPassword)).Should().BeTrue();
        var again = () => app.Links().UseAsync(token, OneTimeLinkPurpose.Invitation, "Another1Password", null);
        (await again.Should().ThrowAsync<LinkProblemException>()).WithMessage("*already used*works only once*Ask an admin*");
        (await app.HasPasswordAsync(invitation.Person.Id, PeopleTestKit.GoodPassword)).Should().BeTrue("the replay changed nothing");
        (await app.AuditOfAsync(invitation.Person.Id)).Select(e => e.Action).Should().Contain("user.invitation_accepted");
    }

    [Fact]
    public async Task UseAsync_WeakPassword_RefusedNamingTheRulesAndTheLinkStillWorks()
    {
        var admin = await app.CreateUserAsync("Weak Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Wes Weak");
        var token = PeopleTestKit.TokenOf(invitation.Link.Url);

        var weak = () => app.Links().UseAsync(token, OneTimeLinkPurpose.Invitation, "short", null);

        var error = (await weak.Should().ThrowAsync<ChatValidationException>()).Which;
        error.Errors["password"].Single().Should().Contain("at least 8 characters").And.Contain("uppercase");
        (await app.Directory().GetAsync(admin, invitation.Person.Id)).Status.Should().Be(PersonStatus.Invited, "nothing was half-done");
        await app.Links().UseAsync(token, OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        (await app.HasPasswordAsync(invitation.Person.Id, PeopleTestKit.GoodPassword)).Should().BeTrue();
    }

    [Fact]
    public async Task UseAsync_ExpiredLink_RefusedSayingItExpired()
    {
        var admin = await app.CreateUserAsync("Expiry Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Eve Late");
        await app.QueryAsync(db => db.OneTimeLinks.Where(l => l.UserId == invitation.Person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        var use = () => app.Links().UseAsync(PeopleTestKit.TokenOf(invitation.Link.Url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);

        (await use.Should().ThrowAsync<LinkProblemException>()).WithMessage("This invitation link expired on *Ask an admin*new invitation*");
        (await app.Directory().GetAsync(admin, invitation.Person.Id)).Invitation.Should().Be(InvitationState.Expired);
    }

    [Fact]
    public async Task UseAsync_UnknownOrWrongPurposeToken_RefusedAsNotValid()
    {
        var admin = await app.CreateUserAsync("Purpose Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Pat Purpose");

        var asReset = () => app.Links().InspectAsync(PeopleTestKit.TokenOf(invitation.Link.Url), OneTimeLinkPurpose.PasswordReset);
        var made = () => app.Links().InspectAsync("made-up-token", OneTimeLinkPurpose.Invitation);

        (await asReset.Should().ThrowAsync<LinkProblemException>()).WithMessage("This password reset link is not valid*");
        (await made.Should().ThrowAsync<LinkProblemException>()).WithMessage("This invitation link is not valid*");
    }

    [Fact]
    public async Task ResendInvitationAsync_PreviousLinkWithdrawnAndTheNewOneWorks()
    {
        var admin = await app.CreateUserAsync("Resend Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Supervisor, "Rita Resend");

        var resent = await app.People().ResendInvitationAsync(admin, invitation.Person.Id, PeopleTestKit.AppUri);

        resent.Url.Should().NotBe(invitation.Link.Url);
        var old = () => app.Links().UseAsync(PeopleTestKit.TokenOf(invitation.Link.Url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        (await old.Should().ThrowAsync<LinkProblemException>()).WithMessage("*withdrawn*");
        await app.Links().UseAsync(PeopleTestKit.TokenOf(resent.Url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        var afterAccepted = () => app.People().ResendInvitationAsync(admin, invitation.Person.Id, PeopleTestKit.AppUri);
        (await afterAccepted.Should().ThrowAsync<ChatConflictException>()).WithMessage("*already accepted*reset link*");
        (await app.AuditOfAsync(invitation.Person.Id)).Select(e => e.Action).Should().ContainInOrder("user.invited", "user.invitation_resent", "user.invitation_accepted");
    }

    [Fact]
    public async Task RevokeInvitationAsync_LinkStopsWorkingAndASecondRevokeSaysThereIsNone()
    {
        var admin = await app.CreateUserAsync("Revoke Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Ron Revoked");

        await app.People().RevokeInvitationAsync(admin, invitation.Person.Id);

        var use = () => app.Links().UseAsync(PeopleTestKit.TokenOf(invitation.Link.Url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        (await use.Should().ThrowAsync<LinkProblemException>()).WithMessage("*withdrawn*");
        var person = await app.Directory().GetAsync(admin, invitation.Person.Id);
        person.Should().BeEquivalentTo(new { Status = PersonStatus.Invited, Invitation = InvitationState.Revoked });
        var again = () => app.People().RevokeInvitationAsync(admin, invitation.Person.Id);
        (await again.Should().ThrowAsync<ChatConflictException>()).WithMessage("*no open invitation*");
    }

    [Fact]
    public async Task CreateResetLinkAsync_UsedOnce_NewPasswordWorksOldDoesNotAndTheLinkIsSpent()
    {
        var admin = await app.CreateUserAsync("Reset Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Rae Reset");

        var link = await app.People().CreateResetLinkAsync(admin, person.Id, PeopleTestKit.AppUri);
        link.Url.Should().StartWith("http://127.0.0.1:5080/account/reset/");
        link.ExpiresAt.Should().BeCloseTo(DateTime.UtcNow.AddHours(24), TimeSpan.FromMinutes(1));
        await app.Links().UseAsync(PeopleTestKit.TokenOf(link.Url), OneTimeLinkPurpose.PasswordReset, "Brand9NewOne", null);

        (await app.HasPasswordAsync(person.Id, "Brand9NewOne")).Should().BeTrue();
        (await app.HasPasswordAsync(person.Id, PeopleTestKit.GoodPassword)).Should().BeFalse();
        var replay = () => app.Links().UseAsync(PeopleTestKit.TokenOf(link.Url), OneTimeLinkPurpose.PasswordReset, "Third3Password", null);
        (await replay.Should().ThrowAsync<LinkProblemException>()).WithMessage("This password reset link was already used*");
        (await app.AuditOfAsync(person.Id)).Select(e => e.Action).Should().ContainInOrder("user.password_reset_link_created", "user.password_reset");
    }

    [Fact]
    public async Task CreateResetLinkAsync_ForSomeoneStillInvited_ConflictSayingToResendTheInvitation()
    {
        var admin = await app.CreateUserAsync("Reset Invited Admin", Roles.Admin);
        var invitation = await app.InviteAsync(admin, Roles.Agent, "Ivy Invited");

        var reset = () => app.People().CreateResetLinkAsync(admin, invitation.Person.Id, PeopleTestKit.AppUri);

        (await reset.Should().ThrowAsync<ChatConflictException>()).WithMessage("*not accepted their invitation*resend*");
    }

    [Fact]
    public async Task UpdateAsync_RoleAndName_AppliedTogetherWithBeforeAndAfterInTheAuditLog()
    {
        var admin = await app.CreateUserAsync("Role Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Al Agent");
        var versionBefore = await app.QueryAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.AccessVersion).SingleAsync());

        var updated = await app.People().UpdateAsync(admin, person.Id, new UpdatePersonRequest(Role: "Supervisor", Name: "Al Supervisor"));

        updated.Should().BeEquivalentTo(new { Role = Roles.Supervisor, Name = "Al Supervisor", Status = PersonStatus.Active });
        (await app.QueryAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.AccessVersion).SingleAsync())).Should().BeGreaterThan(versionBefore);
        var audit = await app.AuditOfAsync(person.Id);
        audit.Should().ContainSingle(e => e.Action == "user.role_changed").Which.Should().BeEquivalentTo(new
        {
            Before = """{"role":"Agent"}""", After = """{"role":"Supervisor"}""", ActorId = admin.UserId,
        });
        audit.Should().ContainSingle(e => e.Action == "user.renamed").Which.Should().BeEquivalentTo(new
        {
            Before = """{"name":"Al Agent"}""", After = """{"name":"Al Supervisor"}""",
        });
    }

    [Fact]
    public async Task UpdateAsync_UnknownRoleOrPerson_NamedAndNothingChanged()
    {
        var admin = await app.CreateUserAsync("Unknown Admin", Roles.Admin);
        var person = await app.ActivePersonAsync(admin, Roles.Agent, "Uma Unknown");

        var badRole = () => app.People().UpdateAsync(admin, person.Id, new UpdatePersonRequest(Role: "Boss", Name: "Uma Renamed"));
        var nobody = () => app.People().ChangeRoleAsync(admin, "no-such-person", Roles.Agent);

        (await badRole.Should().ThrowAsync<ChatValidationException>()).Which.Errors["role"].Single()
            .Should().Be("\"Boss\" is not a role. A person is one of: Agent, Supervisor, Admin.");
        (await nobody.Should().ThrowAsync<ChatNotFoundException>()).WithMessage("Person no-such-person was not found.");
        (await app.Directory().GetAsync(admin, person.Id)).Name.Should().Be("Uma Unknown");
    }

    [Fact]
    public async Task ListAsync_SearchRoleAndStatusFilters_NarrowTheList()
    {
        var admin = await app.CreateUserAsync("List Admin", Roles.Admin);
        var marker = Guid.NewGuid().ToString("N")[..6];
        var active = await app.ActivePersonAsync(admin, Roles.Supervisor, $"Lia {marker}");
        var invited = await app.InviteAsync(admin, Roles.Supervisor, $"Lou {marker}");
        await app.CreateUserAsync($"Customer {marker}", role: null);

        var all = await app.Directory().ListAsync(admin, new PeopleQuery(Search: marker));
        var invitedOnly = await app.Directory().ListAsync(admin, new PeopleQuery(Search: marker, Status: PersonStatus.Invited));
        var agents = await app.Directory().ListAsync(admin, new PeopleQuery(Search: marker, Role: "agent"));

        all.Select(p => p.Id).Should().BeEquivalentTo([active.Id, invited.Person.Id], "customers are not staff");
        invitedOnly.Should().ContainSingle().Which.Id.Should().Be(invited.Person.Id);
        agents.Should().BeEmpty();
    }
}
