using System.Net;
using System.Net.Http.Json;
using Bunit;
using MudBlazor;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Channels.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>A channel's "assistant answers first" setting and hand-off threshold over <c>/api/admin/channels</c>.</summary>
public sealed class ChannelAssistantSettingsTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Api_OffByDefault_TurnedOnWithAThreshold_AndAThresholdOutOfRangeIsAProblemNamingIt()
    {
        var admin = await app.CreateClientForAsync(await app.CreateUserAsync("Assistant channel admin", Roles.Admin));
        var name = $"Assistant shop {ChannelTestKit.Unique()}";
        var created = await (await admin.PostAsJsonAsync("/api/admin/channels", new { name, allowedOrigins = new[] { "https://shop.example.com" } }))
            .ReadAsync<ChannelResponse>();

        var on = await admin.PutAsJsonAsync($"/api/admin/channels/{created.Channel.Id}",
            new { name, allowedOrigins = new[] { "https://shop.example.com" }, assistantFirstReply = true, assistantHandOffThreshold = 0.7 });
        var tooHigh = await admin.PutAsJsonAsync($"/api/admin/channels/{created.Channel.Id}",
            new { name, allowedOrigins = new[] { "https://shop.example.com" }, assistantFirstReply = true, assistantHandOffThreshold = 1.5 });
        var read = await (await admin.GetAsync($"/api/admin/channels/{created.Channel.Id}")).ReadAsync<ChannelResponse>();

        created.Channel.AssistantFirstReply.Should().BeFalse("the assistant answers customers only when an admin turns it on");
        created.Channel.AssistantHandOffThreshold.Should().Be(0.5);
        on.StatusCode.Should().Be(HttpStatusCode.OK);
        tooHigh.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        tooHigh.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await tooHigh.Content.ReadAsStringAsync()).Should().Contain("assistantHandOffThreshold").And.Contain("0 to 1");
        read.Channel.AssistantFirstReply.Should().BeTrue();
        read.Channel.AssistantHandOffThreshold.Should().Be(0.7, "the refused change left the saved one");
    }
}
