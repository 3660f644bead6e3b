using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.AiSettings;

/// <summary>Admins change how the assistant behaves; the change applies at once, survives a restart, and never overwrites a newer save.</summary>
public sealed class AssistantSettingsStoreTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private AssistantSettingsStore Store => factory.Services.GetRequiredService<AssistantSettingsStore>();

    [Fact]
    public async Task SaveAsync_Admin_AppliesAtOnceAnnouncesAndIsReadBackByAFreshStore()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        AssistantSettings? announced = null;
        Store.Changed += s => announced = s;
        var wanted = Store.Current with
        {
            Name = "  Ada  ", Tone = AssistantTone.Concise, Temperature = 0.9, SuggestionsEnabled = false, Model = " gpt-4o-mini ",
        };

        var saved = await Store.SaveAsync(admin, wanted, Store.CurrentVersioned.Version);

        Store.Current.Should().BeEquivalentTo(wanted with { Name = "Ada", Model = "gpt-4o-mini" });
        announced.Should().Be(Store.Current);
        var restarted = new AssistantSettingsStore(factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>(),
            factory.Services.GetRequiredService<QanDu.Dashboard.Features.Audit.AuditLog>(), NullLogger<AssistantSettingsStore>.Instance);
        await restarted.LoadAsync();
        restarted.Current.Should().Be(Store.Current);
        restarted.CurrentVersioned.Version.Should().Be(saved.Version).And.NotBe(Guid.Empty);
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ConflictAndTheNewerSaveIsKept()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var opened = Store.CurrentVersioned;
        var newer = await Store.SaveAsync(admin, opened.Settings with { Name = "Newer" }, opened.Version);

        var act = () => Store.SaveAsync(admin, opened.Settings with { Name = "Stale" }, opened.Version);

        await act.Should().ThrowAsync<ChatConflictException>().WithMessage("*saved the assistant's settings after you opened them*");
        Store.Current.Name.Should().Be("Newer");
        Store.CurrentVersioned.Version.Should().Be(newer.Version);
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task SaveAsync_NotAdmin_ForbiddenAndNothingChanged(string role)
    {
        var user = await factory.CreateUserAsync($"Not an admin {role}", role);
        var before = Store.CurrentVersioned;

        var act = () => Store.SaveAsync(user, before.Settings with { Name = "Sneaky" }, before.Version);

        await act.Should().ThrowAsync<ChatForbiddenException>();
        Store.CurrentVersioned.Should().Be(before);
    }

    [Fact]
    public async Task SaveAsync_BadValues_EachNamedAndNothingChanged()
    {
        var admin = await factory.CreateUserAsync("Alex Morgan", Roles.Admin);
        var before = Store.CurrentVersioned;
        var bad = before.Settings with
        {
            Name = " ", Temperature = 3, MaxOutputTokens = 5, DefaultLanguage = "English",
            Instructions = new string('x', AssistantSettings.MaxInstructionsLength + 1),
        };

        var act = () => Store.SaveAsync(admin, bad, before.Version);

        var error = (await act.Should().ThrowAsync<ChatValidationException>()).Which;
        error.Errors.Keys.Should().BeEquivalentTo("Name", "Temperature", "MaxOutputTokens", "DefaultLanguage", "Instructions");
        Store.CurrentVersioned.Should().Be(before);
    }
}
