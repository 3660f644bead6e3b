using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary><c>/api/admin/channels</c>: the page's rules over REST, each answer with the embed snippet, errors as problem details.</summary>
public sealed class ChannelApiTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Lifecycle_CreateGetUpdateRotateDelete()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Channels api admin", Roles.Admin));
        var name = $"Api shop {ChannelTestKit.Unique()}";

        var created = await admin.PostAsJsonAsync("/api/admin/channels", new
        {
            name,
            allowedOrigins = new[] { "https://Shop.Example.com/" },
            color = "#112233",
            timeZone = "Europe/Paris",
            businessHours = new[] { new { day = "monday", from = "09:00", to = "12:00" }, new { day = "monday", from = "13:00", to = "24:00" } },
            outsideHours = "askForEmail",
            preChatEmail = "required",
            verification = "required",
            reopenWindowHours = 48,
        });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await created.ReadAsync<ChannelResponse>();
        created.Headers.Location!.ToString().Should().Be($"/api/admin/channels/{body.Channel.Id}");
        body.Channel.Should().BeEquivalentTo(new
        {
            Name = name, AllowedOrigins = new[] { "https://shop.example.com" }, TimeZone = "Europe/Paris", ReopenWindowHours = 48,
            BusinessHours = new[] { new BusinessHoursSlotView(DayOfWeek.Monday, "09:00", "12:00"), new BusinessHoursSlotView(DayOfWeek.Monday, "13:00", "24:00") },
        });
        body.EmbedSnippet.Should().Be($"<script src=\"http://localhost/widget.js\" data-website-token=\"{body.Channel.WebsiteToken}\" defer></script>");
        var id = body.Channel.Id;
        (await admin.GetFromJsonAsync<ChannelResponse>($"/api/admin/channels/{id}", ApiJson.Options))!.Channel.Name.Should().Be(name);
        (await admin.GetFromJsonAsync<List<ChannelResponse>>("/api/admin/channels", ApiJson.Options)).Should().Contain(c => c.Channel.Id == id);

        var updated = await admin.PutAsJsonAsync($"/api/admin/channels/{id}", new { name, allowedOrigins = new[] { "https://shop.example.com", "https://www.example.com" } });
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await updated.ReadAsync<ChannelResponse>()).Channel.Should().BeEquivalentTo(new { AlwaysOpen = true, Verification = Dashboard.Data.Entities.IdentityVerification.Off },
            "a PUT sets every setting: what it leaves out takes its default");

        var rotated = await (await admin.PostAsync($"/api/admin/channels/{id}/rotate-token", null)).ReadAsync<ChannelResponse>();
        rotated.Channel.WebsiteToken.Should().NotBe(body.Channel.WebsiteToken);
        rotated.EmbedSnippet.Should().Contain(rotated.Channel.WebsiteToken);
        var secret = await (await admin.PostAsync($"/api/admin/channels/{id}/rotate-secret", null)).ReadAsync<ChannelResponse>();
        secret.Channel.IdentitySecret.Should().NotBe(body.Channel.IdentitySecret);

        (await admin.DeleteAsync($"/api/admin/channels/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var gone = await admin.GetAsync($"/api/admin/channels/{id}");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gone.ReadProblemAsync()).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_BadSettings_400ProblemNamingEachField()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Channels api bad", Roles.Admin));

        var response = await admin.PostAsJsonAsync("/api/admin/channels", new
        {
            name = "Bad one",
            allowedOrigins = new[] { "*" },
            timeZone = "Nowhere/Land",
            businessHours = new[] { new { day = "friday", from = "18:00", to = "10:00" } },
            reassignAfterOfflineMinutes = 5000,
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Keys.Should().BeEquivalentTo("allowedOrigins", "timeZone", "businessHours", "reassignAfterOfflineMinutes");
        problem.Errors["businessHours"].Single().Should().Be("Friday 18:00–10:00: a shift must end after it starts.");
    }
}
