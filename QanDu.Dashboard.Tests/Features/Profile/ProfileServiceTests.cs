using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Profile;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Profile;

/// <summary>A person's own profile: name, avatar and preferences, each change audited.</summary>
public sealed class ProfileServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ProfileService Profiles => factory.Services.GetRequiredService<ProfileService>();

    [Fact]
    public async Task Rename_NewName_SavedAuditedAndOpenSessionsToldToRefresh()
    {
        var me = await factory.CreateUserAsync("Old Name", Roles.Agent);
        var changed = new TaskCompletionSource<AccessChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = factory.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            if (e is AccessChanged access && access.UserId == me.UserId)
                changed.TrySetResult(access);
            return Task.CompletedTask;
        });
        var versionBefore = await factory.QueryAsync(db => db.Users.Where(u => u.Id == me.UserId).Select(u => u.AccessVersion).SingleAsync());

        await Profiles.RenameAsync(me, "  New Name ", AuditActor.From(me));

        var user = await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == me.UserId));
        user.DisplayName.Should().Be("New Name");
        user.AccessVersion.Should().Be(versionBefore + 1, "the cookie carries the name: open sessions must refresh it");
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == me.UserId && e.Action == "profile.renamed"));
        entry.Before.Should().Be("""{"displayName":"Old Name"}""");
        entry.After.Should().Be("""{"displayName":"New Name"}""");
        (await factory.Services.GetRequiredService<AvatarCatalog>().GetAsync(me.UserId))!.DisplayName.Should().Be("New Name");
    }

    [Theory]
    [InlineData("   ", "Enter the name")]
    [InlineData("Line\nbreak", "control characters")]
    public async Task Rename_BadName_RefusedNamingTheProblem(string name, string message)
    {
        var me = await factory.CreateUserAsync("Kept Name", Roles.Agent);

        var rename = () => Profiles.RenameAsync(me, name, AuditActor.From(me));

        (await rename.Should().ThrowAsync<ChatValidationException>()).Which.Errors["displayName"].Single().Should().Contain(message);
        (await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == me.UserId))).DisplayName.Should().Be("Kept Name");
    }

    [Theory]
    [InlineData("notes.png", "not a PNG image")] // a text file named as a picture: judged by its content
    [InlineData("logo.svg", "must be a PNG, JPEG, GIF or WebP image")] // SVG can carry script: never a picture
    [InlineData("invoice.pdf", "must be a PNG, JPEG, GIF or WebP image")]
    public async Task SetPicture_NotAnImage_RefusedAndNothingStored(string fileName, string message)
    {
        var me = await factory.CreateUserAsync("Picture Refused", Roles.Agent);
        var content = fileName.EndsWith(".pdf") ? TestFiles.Pdf() : Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");
        var before = Directory.Exists(Profiles.PictureFolder) ? Directory.GetFiles(Profiles.PictureFolder).Length : 0;

        var upload = () => Profiles.SetPictureAsync(me, fileName, null, content.Length, new MemoryStream(content), AuditActor.From(me));

        (await upload.Should().ThrowAsync<ChatValidationException>()).Which.Errors["avatar"].Single().Should().Contain(fileName).And.Contain(message);
        (await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == me.UserId))).AvatarFile.Should().BeNull();
        (Directory.Exists(Profiles.PictureFolder) ? Directory.GetFiles(Profiles.PictureFolder).Length : 0).Should().Be(before);
    }

    [Fact]
    public async Task SetPicture_TooLarge_RefusedBeforeReading()
    {
        var me = await factory.CreateUserAsync("Picture Too Large", Roles.Agent);

        var upload = () => Profiles.SetPictureAsync(me, "huge.png", "image/png", ProfileService.MaxPictureBytes + 1, Stream.Null, AuditActor.From(me));

        (await upload.Should().ThrowAsync<ChatValidationException>()).Which.Message.Should().Contain("at most 2 MB");
    }

    [Fact]
    public async Task SetPicture_Png_ServedToTheTeamWithNosniffAndAudited()
    {
        var me = await factory.CreateUserAsync("Picture Owner", Roles.Agent);
        var png = TestFiles.Png();

        await Profiles.SetPictureAsync(me, "me.png", "image/png", png.Length, new MemoryStream(png), AuditActor.From(me));

        var stored = (await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Id == me.UserId))).AvatarFile;
        stored.Should().MatchRegex("^[0-9a-f]{32}\\.png$", "stored under a generated name, never the uploaded one");
        var colleague = await factory.CreateClientForAsync(await factory.CreateUserAsync("Picture Viewer", Roles.Agent));
        var response = await colleague.GetAsync($"/api/chat/users/{me.UserId}/avatar");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(png);
        var entry = await factory.QueryAsync(db => db.AuditLog.SingleAsync(e => e.TargetId == me.UserId && e.Action == "profile.avatar_changed"));
        entry.Before.Should().Be("""{"picture":false}""");
        entry.After.Should().Be("""{"picture":true}""");

        await Profiles.SetColorAsync(me, ProfileService.Palette[2], AuditActor.From(me));

        (await colleague.GetAsync($"/api/chat/users/{me.UserId}/avatar")).StatusCode.Should().Be(HttpStatusCode.NotFound, "choosing initials drops the picture");
        File.Exists(Path.Combine(Profiles.PictureFolder, stored!)).Should().BeFalse("the old picture is deleted");
    }

    [Fact]
    public async Task SetColor_NotInPalette_Refused()
    {
        var me = await factory.CreateUserAsync("Colour Picker", Roles.Agent);

        var choose = () => Profiles.SetColorAsync(me, "#ffffff", AuditActor.From(me));

        (await choose.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("avatarColor");
    }

    [Fact]
    public async Task SavePreferences_KnownZone_Saved_UnknownZoneRefused()
    {
        var me = await factory.CreateUserAsync("Zoned Agent", Roles.Agent);

        await Profiles.SavePreferencesAsync(me, "en", "Asia/Tokyo");
        var unknown = () => Profiles.SavePreferencesAsync(me, "en", "Mars/Olympus_Mons");
        var language = () => Profiles.SavePreferencesAsync(me, "fr", "Asia/Tokyo");

        (await Profiles.TimeZoneOfAsync(me.UserId)).Should().Be("Asia/Tokyo");
        (await unknown.Should().ThrowAsync<ChatValidationException>()).Which.Errors["timeZone"].Single().Should().Contain("Mars/Olympus_Mons");
        (await language.Should().ThrowAsync<ChatValidationException>()).Which.Errors.Should().ContainKey("language");
        (await Profiles.TimeZoneOfAsync(me.UserId)).Should().Be("Asia/Tokyo");
    }
}
