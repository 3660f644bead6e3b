using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.AiSettings;

/// <summary>GET/PUT /api/assistant/settings: admins only, the version guards against overwriting, bad values named.</summary>
public sealed class AssistantSettingsApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private AssistantSettingsStore Store => factory.Services.GetRequiredService<AssistantSettingsStore>();

    [Fact]
    public async Task Put_AdminWithCurrentVersion_SavedAppliedAndReadBack()
    {
        var client = await factory.CreateClientForAsync(await factory.CreateUserAsync("Alex Api", Roles.Admin));
        var opened = await (await client.GetAsync("/api/assistant/settings")).ReadAsync<VersionedAssistantSettings>();

        var response = await client.PutAsJsonAsync("/api/assistant/settings",
            new SaveAssistantSettingsRequest(opened.Version, opened.Settings with { Name = "Ada", Tone = AssistantTone.Professional, SuggestionsEnabled = false }),
            ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var saved = await response.ReadAsync<VersionedAssistantSettings>();
        saved.Version.Should().NotBe(opened.Version);
        Store.Current.Should().BeEquivalentTo(new { Name = "Ada", Tone = AssistantTone.Professional, SuggestionsEnabled = false });
        var again = await (await client.GetAsync("/api/assistant/settings")).ReadAsync<VersionedAssistantSettings>();
        again.Should().BeEquivalentTo(saved);
    }

    [Fact]
    public async Task Put_StaleVersion_409AndTheNewerSaveKept()
    {
        var client = await factory.CreateClientForAsync(await factory.CreateUserAsync("Alex Api", Roles.Admin));
        var opened = await (await client.GetAsync("/api/assistant/settings")).ReadAsync<VersionedAssistantSettings>();
        (await client.PutAsJsonAsync("/api/assistant/settings", new SaveAssistantSettingsRequest(opened.Version, opened.Settings with { Name = "First" }), ApiJson.Options))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await client.PutAsJsonAsync("/api/assistant/settings",
            new SaveAssistantSettingsRequest(opened.Version, opened.Settings with { Name = "Second" }), ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).Detail.Should().Contain("after you opened them");
        Store.Current.Name.Should().Be("First");
    }

    [Fact]
    public async Task Put_BadValuesOrNoVersion_400NamingEachField()
    {
        var client = await factory.CreateClientForAsync(await factory.CreateUserAsync("Alex Api", Roles.Admin));
        var before = Store.CurrentVersioned;

        var bad = await client.PutAsJsonAsync("/api/assistant/settings",
            new SaveAssistantSettingsRequest(before.Version, before.Settings with { Temperature = 2.5, MaxOutputTokens = 1 }), ApiJson.Options);
        var noVersion = await client.PutAsJsonAsync("/api/assistant/settings", new { settings = before.Settings }, ApiJson.Options);

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.ReadProblemAsync()).Errors.Keys.Should().BeEquivalentTo("settings.temperature", "settings.maxOutputTokens");
        noVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noVersion.ReadProblemAsync()).Errors.Keys.Should().BeEquivalentTo("version");
        Store.CurrentVersioned.Should().Be(before);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task GetAndPut_NotAdmin_403AndNothingChanged(string role)
    {
        var client = await factory.CreateClientForAsync(await factory.CreateUserAsync($"Api {role}", role));
        var before = Store.CurrentVersioned;

        var get = await client.GetAsync("/api/assistant/settings");
        var put = await client.PutAsJsonAsync("/api/assistant/settings",
            new SaveAssistantSettingsRequest(before.Version, before.Settings with { Name = "Sneaky" }), ApiJson.Options);

        get.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        put.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await put.ReadProblemAsync()).Detail.Should().Contain("Only admins");
        Store.CurrentVersioned.Should().Be(before);
    }
}
