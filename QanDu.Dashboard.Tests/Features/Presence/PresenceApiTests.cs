using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Users;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Presence;

/// <summary>PUT /api/chat/user/status sets the chosen status; GET /api/chat/users shows what others see now.</summary>
public sealed class PresenceApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private PresenceService Presence => factory.Services.GetRequiredService<PresenceService>();

    [Fact]
    public async Task SetUserStatus_BusyWithOpenTab_UsersShowBusy()
    {
        var maya = await factory.CreateUserAsync("Maya Status Api", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Status Api", Roles.Agent);
        await Presence.ConnectedAsync(maya.UserId); // her browser tab
        try
        {
            var response = await (await factory.CreateClientForAsync(maya)).PutAsJsonAsync("/api/chat/user/status", new { status = "busy" }, ApiJson.Options);

            response.StatusCode.Should().Be(HttpStatusCode.NoContent);
            var users = await (await factory.CreateClientForAsync(tom)).GetFromJsonAsync<List<UserView>>("/api/chat/users", ApiJson.Options);
            users.Should().ContainSingle(u => u.Id == maya.UserId).Which.Should()
                .BeEquivalentTo(new { Presence = PresenceStatus.Busy, ChosenPresence = PresenceStatus.Busy });
            users.Should().ContainSingle(u => u.Id == tom.UserId).Which.Should()
                .BeEquivalentTo(new { Presence = PresenceStatus.Offline, ChosenPresence = PresenceStatus.Online },
                    "Tom has no tab open: others see him offline, whatever he chose");
        }
        finally
        {
            Presence.Disconnected(maya.UserId);
        }
    }

    [Fact]
    public async Task SetUserStatus_OnlineWithOpenTab_UsersShowOnlineAsJsonString()
    {
        var maya = await factory.CreateUserAsync("Maya Online Api", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        await Presence.ConnectedAsync(maya.UserId);
        try
        {
            (await client.PutAsJsonAsync("/api/chat/user/status", new { status = "Away" }, ApiJson.Options)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await client.PutAsJsonAsync("/api/chat/user/status", new { status = "online" }, ApiJson.Options)).StatusCode.Should().Be(HttpStatusCode.NoContent);

            var json = await client.GetStringAsync("/api/chat/users");
            json.Should().Contain($"\"id\":\"{maya.UserId}\"").And.Contain("\"presence\":\"online\"");
            (await factory.QueryAsync(db => db.Users.Where(u => u.Id == maya.UserId).Select(u => u.Presence).SingleAsync()))
                .Should().Be(PresenceStatus.Online);
        }
        finally
        {
            Presence.Disconnected(maya.UserId);
        }
    }

    [Theory]
    [InlineData("sleeping")]
    [InlineData("")]
    [InlineData(null)]
    public async Task SetUserStatus_UnknownStatus_BadRequestNamingAllowedValuesAndNothingStored(string? status)
    {
        var maya = await factory.CreateUserAsync($"Maya Bad Status {status?.Length}", Roles.Agent);
        var client = await factory.CreateClientForAsync(maya);
        await client.PutAsJsonAsync("/api/chat/user/status", new { status = "busy" }, ApiJson.Options);

        var response = await client.PutAsJsonAsync("/api/chat/user/status", new { status }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("status").WhoseValue.Should().ContainMatch("*allowed values: online, away, busy, offline*");
        (await factory.QueryAsync(db => db.Users.Where(u => u.Id == maya.UserId).Select(u => u.Presence).SingleAsync()))
            .Should().Be(PresenceStatus.Busy, "a refused status leaves the chosen one as it was");
    }
}
