using QanDu.Dashboard.Tests.Infrastructure;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Features.Threads;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>
/// Issue 13's first acceptance point: an admin invites a supervisor, who accepts in another browser and sees every
/// conversation; the admin deactivates an agent, whose API key is refused at once and whose work goes back to
/// Unassigned live.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    [BrowserFact]
    public async Task People_AdminInvitesSupervisorWhoAcceptsAndSeesEveryThread_AgentDeactivatedPageSignedOutKeyRefusedWorkUnassignedLive()
    {
        var maya = await app.CallerAsync(DemoUsers.Maya);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var title = $"Private between agents {Guid.NewGuid():N}"[..30];
        var thread = await app.Threads.CreateThreadAsync(maya, new CreateThreadRequest(ThreadType.Group, title, [tom.UserId]));
        await app.Threads.AssignAsync(ChatCaller.System("Browser tests"), thread.Id, tom.UserId);
        await using var admin = await app.SignInAsync(DemoUsers.Admin, "/admin/people");
        await Expect(admin.Page.GetByTestId("person-row").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(admin.Page.Locator($"[data-testid=person-row][data-email='{DemoUsers.Tom}'] [data-testid=person-assigned]")).Not.ToHaveTextAsync("0");
        await Screens.SaveAsync(admin.Page, "people-page");

        // The admin invites a supervisor in the UI and copies the link shown once.
        var email = $"sky.{Guid.NewGuid():N}"[..12] + "@example.com";
        await admin.Page.GetByTestId("invite-person").ClickAsync();
        await admin.Page.GetByTestId("invite-email").FillAsync(email);
        await admin.Page.GetByTestId("invite-name").FillAsync("Sky Supervisor");
        await admin.Page.GetByTestId("invite-role").ClickAsync();
        await admin.Page.GetByTestId("invite-role-supervisor").ClickAsync();
        await admin.Page.GetByTestId("invite-send").ClickAsync();
        var link = await admin.Page.GetByTestId("issued-link").InnerTextAsync();
        link.Should().StartWith(new Uri(app.Host.BaseAddress, "/account/invite/").ToString());
        await Expect(admin.Page.GetByTestId("email-note")).ToContainTextAsync("Pass this link on yourself: email is not set up");
        await Screens.SaveAsync(admin.Page, "people-invite-dialog");
        await admin.Page.GetByTestId("invite-close").ClickAsync();
        await Expect(admin.Page.Locator($"[data-testid=person-row][data-email='{email}'] [data-testid=person-status]")).ToHaveTextAsync("Invited");

        // In a second browser the invitee opens the link, watches the rules tick as they type, and joins.
        await using (var invitee = await app.OpenAnonymousAsync())
        {
            await invitee.GotoAsync(link);
            await Expect(invitee.Page.Locator("h1")).ToHaveTextAsync("Welcome, Sky Supervisor");
            await invitee.Page.Locator("#password").PressSequentiallyAsync("welcome");
            await Expect(invitee.Page.Locator("[data-rule=lower]")).ToHaveClassAsync("met");
            await Expect(invitee.Page.Locator("[data-rule=length]")).Not.ToHaveClassAsync("met");
            await Expect(invitee.Page.Locator("[data-rule=upper]")).Not.ToHaveClassAsync("met");
            await invitee.Page.Locator("#password").FillAsync("Welcome2Team");
            await invitee.Page.Locator("#password").DispatchEventAsync("input");
            foreach (var rule in new[] { "length", "upper", "lower", "digit" })
                await Expect(invitee.Page.Locator($"[data-rule={rule}]")).ToHaveClassAsync("met");
            await invitee.Page.Locator("#confirm").PressSequentiallyAsync("Welcome2Tea");
            await Expect(invitee.Page.GetByTestId("confirm-mismatch")).ToBeVisibleAsync();
            await Screens.SaveAsync(invitee.Page, "people-invitation-accept");
            await invitee.Page.Locator("#confirm").PressSequentiallyAsync("m");
            await Expect(invitee.Page.GetByTestId("confirm-mismatch")).ToBeHiddenAsync();
            await invitee.Page.GetByTestId("choose-password").ClickAsync();
            await invitee.Page.WaitForURLAsync(new Uri(app.Host.BaseAddress, "/").ToString(), new() { Timeout = 20_000 });
            // A supervisor sees every conversation, also one they take no part in.
            await Expect(invitee.ThreadItem(thread.Id)).ToBeVisibleAsync(new() { Timeout = 10_000 });
            invitee.ShouldHaveLoadedCleanly();

            // The link worked once: opened again, it says so and what to do.
            await using var replay = await app.OpenAnonymousAsync();
            await replay.GotoAsync(link);
            await Expect(replay.Page.GetByTestId("link-problem")).ToContainTextAsync("already used");
            await Expect(replay.Page.GetByTestId("link-problem")).ToContainTextAsync("Ask an admin");
        }

        // Tom has the inbox open in a third browser and an API key in use.
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(tom.UserId, "CRM");
        using var api = new HttpClient { BaseAddress = app.Host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        (await api.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var tomPage = await app.SignInAsync(DemoUsers.Tom, "/");
        await tomPage.Page.WaitForFunctionAsync("() => !!window._qanduSearch"); // Tom's inbox is live
        await using var supervisor = await app.SignInAsync(DemoUsers.Supervisor, "/");
        await Expect(supervisor.ThreadItem(thread.Id).GetByTestId("thread-assignee")).ToContainTextAsync("Tom");

        await admin.Page.Locator($"[data-testid=person-row][data-email='{DemoUsers.Tom}'] [data-testid=person-menu] button").First.ClickAsync();
        await admin.Page.GetByTestId("action-deactivate").ClickAsync();
        await Expect(admin.Page.Locator(".mud-dialog")).ToContainTextAsync("go back to Unassigned");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        var deactivated = System.Diagnostics.Stopwatch.StartNew();
        await Expect(admin.Page.Locator($"[data-testid=person-row][data-email='{DemoUsers.Tom}'] [data-testid=person-status]")).ToHaveTextAsync("Deactivated");

        var refused = await api.GetAsync("/api/chat/threads");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the key stops working at once");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("deactivated");
        // Tom's open inbox shows he was signed out, within 5 s of the admin's click.
        await Expect(tomPage.Page.GetByTestId("signed-out")).ToContainTextAsync("You were signed out", new() { Timeout = 5_000 });
        deactivated.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        // The conversation went back to Unassigned, live in the supervisor's open inbox.
        await Expect(supervisor.ThreadItem(thread.Id).GetByTestId("thread-assignee")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        admin.ShouldHaveLoadedCleanly();
    }
}
