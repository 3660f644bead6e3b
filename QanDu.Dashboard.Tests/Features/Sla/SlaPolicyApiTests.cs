using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Sla;

/// <summary><c>/api/admin/sla-policies</c> and <see cref="SlaPolicyService"/>: admins only, every bad field named, a taken name 409, each change audited and announced.</summary>
public sealed class SlaPolicyApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)];

    [Fact]
    public async Task Lifecycle_CreateGetUpdateDelete_AuditedAndAnnounced()
    {
        var adminUser = await app.CreateUserAsync("Sla api admin", Roles.Admin);
        var admin = await app.CreateClientForAsync(adminUser);
        var label = await app.Services.GetRequiredService<LabelService>().CreateAsync(adminUser, new CreateLabelRequest(Unique("VIP"), "#e53935"));
        var name = Unique("Urgent");
        var announced = 0;
        using var _ = app.Services.GetRequiredService<IChatEvents>().Subscribe(0, e =>
        {
            if (e is SlaPoliciesChanged)
                Interlocked.Increment(ref announced);
            return Task.CompletedTask;
        });

        var created = await admin.PostAsJsonAsync("/api/admin/sla-policies", new
        {
            name, priority = "urgent", labelId = label.Id, firstResponseMinutes = 15, resolutionMinutes = 480, businessHoursOnly = true,
        });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await created.ReadAsync<SlaPolicyView>();
        created.Headers.Location!.ToString().Should().Be($"/api/admin/sla-policies/{body.Id}");
        body.Should().BeEquivalentTo(new
        {
            Name = name, Priority = (PriorityLevel?)PriorityLevel.Urgent, LabelId = (long?)label.Id, LabelName = label.Name, ChannelId = (long?)null,
            FirstResponseMinutes = (int?)15, NextResponseMinutes = (int?)null, ResolutionMinutes = (int?)480, BusinessHoursOnly = true, Enabled = true,
        });
        (await admin.GetFromJsonAsync<SlaPolicyView>($"/api/admin/sla-policies/{body.Id}", ApiJson.Options))!.Name.Should().Be(name);
        (await admin.GetFromJsonAsync<List<SlaPolicyView>>("/api/admin/sla-policies", ApiJson.Options)).Should().Contain(p => p.Id == body.Id);

        var updated = await admin.PutAsJsonAsync($"/api/admin/sla-policies/{body.Id}", new { name, priority = "urgent", firstResponseMinutes = 30, enabled = false });
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await updated.ReadAsync<SlaPolicyView>()).Should().BeEquivalentTo(new
        {
            FirstResponseMinutes = (int?)30, ResolutionMinutes = (int?)null, LabelId = (long?)null, BusinessHoursOnly = false, Enabled = false,
        }, "a PUT sets every field: what it leaves out takes its default");

        (await admin.DeleteAsync($"/api/admin/sla-policies/{body.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await admin.GetAsync($"/api/admin/sla-policies/{body.Id}");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gone.ReadProblemAsync()).Detail.Should().Be($"SLA policy {body.Id} was not found.");

        var audit = await app.QueryAsync(db => db.AuditLog.Where(a => a.TargetType == "sla_policy" && a.TargetId == body.Id.ToString())
            .OrderBy(a => a.Id).ToListAsync());
        audit.Select(a => a.Action).Should().Equal("sla_policy.created", "sla_policy.updated", "sla_policy.deleted");
        audit[0].ActorName.Should().Be("Sla api admin");
        AuditDiff.Describe(audit[1].Before, audit[1].After).Should().Be(
            "label: " + label.Name + " → Any; firstResponse: 15m → 30m; resolution: 8h → None; counted: Business hours → Around the clock; enabled: Yes → No");
        await WaitUntil(() => Volatile.Read(ref announced) >= 3);
    }

    [Fact]
    public async Task Post_BadFields_400ProblemNamingEachField()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Sla api bad", Roles.Admin));

        var response = await admin.PostAsJsonAsync("/api/admin/sla-policies", new
        {
            name = new string('x', 81), labelId = 999_999, channelId = 999_998, firstResponseMinutes = 0, resolutionMinutes = 525_601,
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Keys.Should().BeEquivalentTo("name", "firstResponseMinutes", "resolutionMinutes");
        problem.Errors["name"].Single().Should().Be("A policy name is at most 80 characters.");
        problem.Errors["firstResponseMinutes"].Single().Should().Be("A target is 1 to 525600 minutes (a year); leave it empty for no target.");

        var noTarget = await (await admin.PostAsJsonAsync("/api/admin/sla-policies", new { name = "  " })).ReadProblemAsync();
        noTarget.Errors.Keys.Should().BeEquivalentTo("name", "targets");
        noTarget.Errors["targets"].Single().Should().Be("Set at least one target: first response, next response or resolution.");

        var missing = await (await admin.PostAsJsonAsync("/api/admin/sla-policies", new { name = Unique("Ghosts"), labelId = 999_999, channelId = 999_998, nextResponseMinutes = 5 }))
            .ReadProblemAsync();
        missing.Status.Should().Be(HttpStatusCode.BadRequest);
        missing.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["labelId"] = ["Label 999999 does not exist."], ["channelId"] = ["Channel 999998 does not exist."],
        });
    }

    [Fact]
    public async Task Post_NameTakenInAnyCase_409Problem()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Sla api twice", Roles.Admin));
        var name = Unique("Gold");
        (await admin.PostAsJsonAsync("/api/admin/sla-policies", new { name, firstResponseMinutes = 10 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await admin.PostAsJsonAsync("/api/admin/sla-policies", new { name = name.ToUpperInvariant(), firstResponseMinutes = 20 });

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await again.ReadProblemAsync();
        problem.Title.Should().Be("Name taken");
        problem.Detail.Should().Be($"A policy named “{name.ToUpperInvariant()}” already exists: choose another name.");
        (await app.QueryAsync(db => db.SlaPolicies.CountAsync(p => p.Name == name))).Should().Be(1);
    }

    [Fact]
    public async Task Anonymous401_Agent403_AsProblems()
    {
        var agent = await app.CreateUserAsync("Sla api agent", Roles.Agent);

        var anonymous = await app.CreateClient().GetAsync("/api/admin/sla-policies");
        var forbidden = await (await app.CreateClientForAsync(agent)).PostAsJsonAsync("/api/admin/sla-policies", new { name = "Nope", firstResponseMinutes = 5 });

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.Unauthorized);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await forbidden.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.Forbidden);
        (await app.QueryAsync(db => db.SlaPolicies.CountAsync(p => p.Name == "Nope"))).Should().Be(0);
    }

    [Fact]
    public async Task Service_AgentOrSupervisor_Forbidden()
    {
        var policies = app.Services.GetRequiredService<SlaPolicyService>();
        var supervisor = await app.CreateUserAsync("Sla supervisor", Roles.Supervisor);

        var list = () => policies.ListAsync(supervisor);
        var create = () => policies.CreateAsync(supervisor, AuditActor.From(supervisor), new SaveSlaPolicyRequest("Mine", FirstResponseMinutes: 5));

        (await list.Should().ThrowAsync<ChatForbiddenException>()).WithMessage("Only admins manage SLA policies.");
        await create.Should().ThrowAsync<ChatForbiddenException>();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition was not met within 15 s.");
            await Task.Delay(20);
        }
    }
}
