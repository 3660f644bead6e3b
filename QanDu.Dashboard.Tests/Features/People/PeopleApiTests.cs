using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary><c>/api/admin/users</c>: admins only, the same rules as the page, errors as problem details naming the problem.</summary>
public sealed class PeopleApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Post_Invite_201WithTheLinkOnceAndTheListShowsThemInvited()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Api Admin", Roles.Admin));
        var email = PeopleTestKit.UniqueEmail("api");

        var created = await admin.PostAsJsonAsync("/api/admin/users", new { email, name = "Api Invitee", role = "Agent" });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await created.ReadAsync<InvitationResponse>();
        created.Headers.Location!.ToString().Should().Be($"/api/admin/users/{body.User.Id}");
        body.Invitation.Url.Should().StartWith("http://localhost/account/invite/");
        body.Invitation.Email.Should().Be(EmailDelivery.NotConfigured);
        var listed = await admin.GetFromJsonAsync<List<PersonView>>($"/api/admin/users?search={email}&status=invited&role=agent", ApiJson.Options);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Email = email, Status = PersonStatus.Invited, Role = Roles.Agent });
    }

    [Theory]
    [InlineData("""{"email":"nope","name":"X","role":"Agent"}""", "email", "not an email address")]
    [InlineData("""{"email":"x@example.com","name":"X","role":"Owner"}""", "role", "one of: Agent, Supervisor, Admin")]
    [InlineData("""{"email":"x@example.com","role":"Agent"}""", "name", "1 to 100")]
    public async Task Post_BadInput_400ProblemNamingTheField(string json, string field, string says)
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Api Bad Admin", Roles.Admin));

        var response = await admin.PostAsync("/api/admin/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors[field].Single().Should().Contain(says);
    }

    [Fact]
    public async Task Post_ExistingEmail_409ProblemNamingIt()
    {
        var caller = await app.CreateUserAsync("Api Dup Admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(caller);
        var taken = (await app.InviteAsync(caller, Roles.Agent, "Taken Person")).Person.Email;

        var response = await admin.PostAsJsonAsync("/api/admin/users", new { email = taken, name = "Someone", role = "Agent" });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.Title.Should().Be("Email already in use");
        problem.Detail.Should().Contain(taken);
    }

    [Fact]
    public async Task Put_RoleNameActive_AppliedAndUnknownPerson404()
    {
        var caller = await app.CreateUserAsync("Api Put Admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(caller);
        var person = await app.ActivePersonAsync(caller, Roles.Agent, "Put Person");

        var promoted = await admin.PutAsJsonAsync($"/api/admin/users/{person.Id}", new { role = "Supervisor", name = "Put Supervisor" });
        var deactivated = await admin.PutAsJsonAsync($"/api/admin/users/{person.Id}", new { active = false });
        var missing = await admin.PutAsJsonAsync("/api/admin/users/nobody", new { name = "X" });

        (await promoted.ReadAsync<PersonView>()).Should().BeEquivalentTo(new { Role = Roles.Supervisor, Name = "Put Supervisor" });
        (await deactivated.ReadAsync<PersonView>()).Status.Should().Be(PersonStatus.Deactivated);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.ReadProblemAsync()).Detail.Should().Be("Person nobody was not found.");
    }

    [Fact]
    public async Task PostResetPassword_ActivePerson_LinkThatWorks()
    {
        var caller = await app.CreateUserAsync("Api Reset Admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(caller);
        var person = await app.ActivePersonAsync(caller, Roles.Agent, "Reset Person");

        var response = await admin.PostAsync($"/api/admin/users/{person.Id}/reset-password", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var link = await response.ReadAsync<IssuedLink>();
        link.Url.Should().StartWith("http://localhost/account/reset/");
        await app.Links().UseAsync(PeopleTestKit.TokenOf(link.Url), OneTimeLinkPurpose.PasswordReset, "Api9Reset", null);
        (await app.HasPasswordAsync(person.Id, "Api9Reset")).Should().BeTrue();
    }

    [Fact]
    public async Task Invitation_ResendAndRevoke_NewLinkThen204ThenConflict()
    {
        var caller = await app.CreateUserAsync("Api Inv Admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(caller);
        var invited = await app.InviteAsync(caller, Roles.Agent, "Inv Person");

        var resent = await admin.PostAsync($"/api/admin/users/{invited.Person.Id}/invitation", null);
        var revoked = await admin.DeleteAsync($"/api/admin/users/{invited.Person.Id}/invitation");
        var again = await admin.DeleteAsync($"/api/admin/users/{invited.Person.Id}/invitation");

        (await resent.ReadAsync<IssuedLink>()).Url.Should().NotBe(invited.Link.Url);
        revoked.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).Detail.Should().Contain("no open invitation");
    }

    [Fact]
    public async Task Get_UnknownStatus_400NamingTheStatuses()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Api Status Admin", Roles.Admin));

        var response = await admin.GetAsync("/api/admin/users?status=sleeping");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["status"].Single().Should().Contain("active, invited or deactivated");
    }

    [Fact]
    public async Task AnyRequest_SignedIn_RecordsLastSeen()
    {
        var caller = await app.CreateUserAsync("Seen Admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(caller);

        await admin.GetAsync("/api/admin/users");

        var seen = (await app.Directory().GetAsync(caller, caller.UserId)).LastSeenAt;
        seen.Should().NotBeNull().And.BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { }),
        });
}
