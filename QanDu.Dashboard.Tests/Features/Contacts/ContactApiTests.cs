using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Contacts.ContactTestKit;

namespace QanDu.Dashboard.Tests.Features.Contacts;

/// <summary>/api/contacts over real HTTP: the team reads and edits contacts; bad input answers with problem details naming it.</summary>
public sealed class ContactApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task SearchGetUpdateNotesAttributes_AsAgent_RoundTrip()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        using var client = await app.CreateClientForAsync(agent);
        var name = Unique("Api");
        var contact = await app.CreateContactAsync($"{name} Person", company: "Globex");

        var page = await (await client.GetAsync($"/api/contacts?q={name[..5]}&page=1")).ReadAsync<ContactPage>();
        page.Items.Select(i => i.Id).Should().Contain(contact.Id);

        var updated = await client.PutAsJsonAsync($"/api/contacts/{contact.Id}", new { name = $"{name} Renamed", email = "r@example.com", company = "Globex" });
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await updated.ReadAsync<ContactView>()).Should().BeEquivalentTo(new { Name = $"{name} Renamed", Email = "r@example.com" }, o => o.ExcludingMissingMembers());

        var attributes = await client.PutAsJsonAsync($"/api/contacts/{contact.Id}/attributes", new Dictionary<string, string> { ["plan"] = "Business" });
        (await attributes.ReadAsync<ContactView>()).Attributes.Should().Equal(new Dictionary<string, string> { ["plan"] = "Business" });

        var note = await client.PostAsJsonAsync($"/api/contacts/{contact.Id}/notes", new { content = "Renewal in March." });
        note.StatusCode.Should().Be(HttpStatusCode.Created);
        var noteId = (await note.ReadAsync<ContactNoteView>()).Id;
        (await client.DeleteAsync($"/api/contacts/{contact.Id}/notes/{noteId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await client.GetAsync($"/api/contacts/{contact.Id}")).ReadAsync<ContactView>()).Notes.Should().BeEmpty();
    }

    [Fact]
    public async Task BadInput_ProblemDetailsNamingTheField()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        using var client = await app.CreateClientForAsync(agent);
        var contact = await app.CreateContactAsync("Bad input");

        var email = await (await client.PutAsJsonAsync($"/api/contacts/{contact.Id}", new { name = "x", email = "nope" })).ReadProblemAsync();
        var note = await (await client.PostAsJsonAsync($"/api/contacts/{contact.Id}/notes", new { content = "" })).ReadProblemAsync();
        var attribute = await (await client.PutAsJsonAsync($"/api/contacts/{contact.Id}/attributes", new Dictionary<string, string> { [" "] = "x" })).ReadProblemAsync();
        var page = await (await client.GetAsync("/api/contacts?page=0")).ReadProblemAsync();
        var other = await app.CreateContactAsync("Other");
        var merge = await (await client.PostAsJsonAsync($"/api/contacts/{contact.Id}/merge", new { mergeId = other.Id })).ReadProblemAsync();

        (email.Status, email.Errors.Keys.Single()).Should().Be((HttpStatusCode.BadRequest, "email"));
        (note.Status, note.Errors.Keys.Single()).Should().Be((HttpStatusCode.BadRequest, "content"));
        (attribute.Status, attribute.Errors["attributes"].Single()).Should().Be((HttpStatusCode.BadRequest, "An attribute needs a name."));
        (page.Status, page.Errors.Keys.Single()).Should().Be((HttpStatusCode.BadRequest, "page"));
        (merge.Status, merge.Detail).Should().Be((HttpStatusCode.Forbidden, "Only supervisors and admins merge contacts."));
    }

    [Fact]
    public async Task UnknownContactOrNote_NotFoundProblem()
    {
        var agent = await app.CreateUserAsync("Maya Chen", Roles.Agent);
        using var client = await app.CreateClientForAsync(agent);
        var contact = await app.CreateContactAsync("Known");

        var contactProblem = await (await client.GetAsync("/api/contacts/987654321")).ReadProblemAsync();
        var noteProblem = await (await client.DeleteAsync($"/api/contacts/{contact.Id}/notes/987654321")).ReadProblemAsync();

        contactProblem.Status.Should().Be(HttpStatusCode.NotFound);
        noteProblem.Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Merge_AsSupervisor_MovesAndRefusesSelfWithProblem()
    {
        var supervisor = await app.CreateUserAsync("Priya Raman", Roles.Supervisor);
        using var client = await app.CreateClientForAsync(supervisor);
        var survivor = await app.CreateContactAsync("Survivor");
        var merged = await app.CreateContactAsync("Merged", "merged@example.com");

        var self = await (await client.PostAsJsonAsync($"/api/contacts/{survivor.Id}/merge", new { mergeId = survivor.Id })).ReadProblemAsync();
        var missing = await (await client.PostAsJsonAsync($"/api/contacts/{survivor.Id}/merge", new { })).ReadProblemAsync();
        var done = await client.PostAsJsonAsync($"/api/contacts/{survivor.Id}/merge", new { mergeId = merged.Id });

        (self.Status, self.Errors.Keys.Single()).Should().Be((HttpStatusCode.BadRequest, "mergeId"));
        (missing.Status, missing.Errors.Keys.Single()).Should().Be((HttpStatusCode.BadRequest, "mergeId"));
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        (await done.ReadAsync<ContactMergeResult>()).MergedId.Should().Be(merged.Id);
        (await (await client.GetAsync($"/api/contacts/{survivor.Id}")).ReadAsync<ContactView>()).Email.Should().Be("merged@example.com");
    }

    [Fact]
    public async Task CustomerOrAnonymous_NeverReachesContacts()
    {
        var customer = await app.CreateUserAsync("Jordan Blake", role: null);
        using var asCustomer = await app.CreateClientForAsync(customer);
        using var anonymous = app.CreateClient();
        var contact = await app.CreateContactAsync("Private");

        (await asCustomer.GetAsync("/api/contacts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await asCustomer.GetAsync($"/api/contacts/{contact.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync("/api/contacts")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
