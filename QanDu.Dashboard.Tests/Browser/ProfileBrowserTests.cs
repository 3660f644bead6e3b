using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser;

/// <summary>The profile page in a real browser: a new name shows in the top bar, a picture is checked, the time zone moves times.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfileBrowserTests(BrowserAppFixture app) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "Browser-profile-2026";

    [BrowserFact]
    public async Task Profile_RenameUploadAndTimeZone_ShowAtOnce()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(app.Services, "Pat Profile", Roles.Agent, Password);
        var pat = ChatCaller.ForRoles(userId, "Pat Profile", [Roles.Agent]);
        var tom = await app.CallerAsync(DemoUsers.Tom);
        var thread = await app.Threads.CreateThreadAsync(pat, new CreateThreadRequest(ThreadType.Group, $"Zones {Guid.NewGuid():N}", [tom.UserId]));
        await app.Messages.PostAsync(pat, new PostMessageRequest(thread.Id, "What time is it where you are?"));
        await using var session = await app.OpenAnonymousAsync();
        await session.Page.GotoAsync("/account/login", new() { Timeout = 30_000 }); // the first page of a fresh app on a busy machine
        await session.SignInThroughFormAsync(email, Password);
        await session.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/", new() { Timeout = 30_000 });
        await session.GotoAsync("/profile");
        var page = session.Page;
        await Expect(page.Locator("[data-testid=profile][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GetByLabel("Display name").FillAsync("Pat Renamed");
        await page.GetByTestId("save-name").ClickAsync();
        await Expect(page.GetByTestId("profile-name")).ToHaveTextAsync("Pat Renamed");
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Pat Renamed");

        await page.GetByTestId("avatar-file").SetInputFilesAsync(new FilePayload
        {
            Name = "notes.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("not a picture at all"),
        });
        await Expect(page.GetByTestId("avatar-error")).ToContainTextAsync("notes.png: the content is not a PNG image");
        await page.GetByTestId("avatar-file").SetInputFilesAsync(new FilePayload { Name = "me.png", MimeType = "image/png", Buffer = TestFiles.Png(96, 96) });
        await Expect(page.Locator(".qd-appbar .qd-avatar--picture img")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("avatar-error")).ToHaveCountAsync(0);
        await Screens.SaveAsync(page, "profile-top");

        await page.GetByLabel("Time zone").FillAsync("Kathmandu");
        await page.Locator(".mud-popover-open").GetByText("Asia/Kathmandu", new() { Exact = true }).ClickAsync();
        await page.GetByTestId("save-preferences").ClickAsync();
        await Expect(page.GetByText("Your language and time zone were saved.")).ToBeVisibleAsync();

        await session.GotoAsync($"/threads/{thread.Id}");
        var time = session.Message("What time is it where you are?").Locator("time[title]");
        await Expect(time).ToBeVisibleAsync();
        var utc = DateTime.Parse((await time.GetAttributeAsync("datetime"))!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var kathmandu = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById("Asia/Kathmandu"));
        await Expect(time).ToHaveTextAsync(kathmandu.ToString("HH:mm", CultureInfo.InvariantCulture), new() { Timeout = 5_000 });
        kathmandu.ToString("HH:mm").Should().NotBe(utc.ToString("HH:mm"), "UTC+05:45 never shows the same clock time as UTC");
        session.ShouldHaveLoadedCleanly();
    }
}
