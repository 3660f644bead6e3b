using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Audit;

/// <summary>
/// The audit log holds an entry, with who, from where and before → after, for each security-relevant change of the
/// existing features: API keys, sign-in failures and lockouts, labels, AI settings, knowledge, an admin deleting a message.
/// </summary>
public sealed class AuditHooksTests : IClassFixture<AuditHooksTests.App>
{
    private static readonly IPAddress Address = IPAddress.Parse("10.20.30.40");
    private readonly DashboardFactory _app;

    public AuditHooksTests(App app) => _app = app.Factory;

    /// <summary>Low sign-in limits, so a lockout takes a handful of failures.</summary>
    public sealed class App : IDisposable
    {
        public DashboardFactory Factory { get; } = new()
        {
            Settings = { ["SignIn:AccountAddressFailureLimit"] = "2", ["SignIn:LockoutFailureLimit"] = "4" },
        };

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public async Task ApiKey_CreatedAndRevoked_EntriesNameTheKeyTheActorAndTheAddress()
    {
        var agent = await _app.CreateUserAsync("Key owner", Roles.Agent);
        var keys = _app.Services.GetRequiredService<ApiKeyService>();
        var actor = AuditActor.From(agent, Address);

        var key = await keys.CreateAsync(agent.UserId, "Zapier", actor);
        await keys.RevokeAsync(agent.UserId, key.Key.Id, actor);

        var created = await EntryAsync("apikey.created", key.Key.Id.ToString());
        created.Should().BeEquivalentTo(new { ActorId = agent.UserId, Address = "10.20.30.40", Before = (string?)null });
        created.After.Should().Contain("\"name\":\"Zapier\"").And.Contain(key.Key.Prefix).And.NotContain(key.Secret);
        var revoked = await EntryAsync("apikey.revoked", key.Key.Id.ToString());
        revoked.Should().BeEquivalentTo(new { Before = """{"revoked":false}""", After = """{"revoked":true}""", Address = "10.20.30.40" });
    }

    [Fact]
    public async Task SignIn_FailuresForKnownAndUnknownEmails_RecordedAlikeAndTheLockoutToo()
    {
        var (userId, email) = await FormSignIn.CreateUserAsync(_app.Services, "Guessed Agent", Roles.Agent, "Right-password-1");
        var unknown = $"nobody.{Guid.NewGuid():N}@test.local";

        await SignInAsync(unknown, "wrong", "10.0.0.9");
        foreach (var address in new[] { "10.0.0.2", "10.0.0.2", "10.0.0.3", "10.0.0.3" })
            await SignInAsync(email, "wrong", address);

        var unknownEntry = await EntryByNameAsync("sign_in.failed", unknown);
        var knownEntry = await EntryByNameAsync("sign_in.failed", email);
        unknownEntry.Should().BeEquivalentTo(new { ActorId = (string?)null, Address = "10.0.0.9", TargetType = "account", TargetId = (string?)null });
        knownEntry.Should().BeEquivalentTo(new { ActorId = (string?)null, TargetType = "account", TargetId = (string?)null },
            "a known email is recorded exactly as an unknown one");
        var locked = await EntryAsync("sign_in.locked_out", userId);
        locked.Address.Should().Be("10.0.0.3");
        locked.Before.Should().Be("""{"lockedUntil":null}""");
        locked.After.Should().StartWith("""{"lockedUntil":"20""");
    }

    [Fact]
    public async Task Labels_CreatedAndDeleted_WithNameAndColour()
    {
        var admin = await _app.CreateUserAsync("Label admin", Roles.Admin);
        var labels = _app.Services.GetRequiredService<LabelService>();
        var name = $"Refund {Guid.NewGuid():N}"[..14];

        var label = await labels.CreateAsync(admin, new CreateLabelRequest(name, "#e53935"), AuditActor.From(admin, Address));
        await labels.DeleteAsync(admin, label.Id, AuditActor.From(admin, Address));

        (await EntryAsync("label.created", label.Id.ToString())).After.Should().Be($$"""{"name":"{{name}}","color":"#e53935"}""");
        (await EntryAsync("label.deleted", label.Id.ToString())).Before.Should().Be($$"""{"name":"{{name}}","color":"#e53935"}""");
    }

    [Fact]
    public async Task AiSettings_Saved_OnlyTheChangedSettingsBeforeAndAfter()
    {
        var admin = await _app.CreateUserAsync("Settings admin", Roles.Admin);
        var store = _app.Services.GetRequiredService<AssistantSettingsStore>();
        var before = store.Current;

        await store.SaveAsync(admin, before with { Name = "Ada", Temperature = 0.9 }, store.CurrentVersioned.Version, AuditActor.From(admin, Address));

        var entry = await _app.QueryAsync(db => db.AuditLog.Where(a => a.Action == "ai_settings.saved").OrderByDescending(a => a.Id).FirstAsync());
        entry.Before.Should().Be($$"""{"name":"{{before.Name}}","temperature":{{before.Temperature}}}""");
        entry.After.Should().Be("""{"name":"Ada","temperature":0.9}""");
        entry.Address.Should().Be("10.20.30.40");
    }

    [Fact]
    public async Task Knowledge_CreatedUpdatedPublishedDeleted_EachWithTheChangedFields()
    {
        var supervisor = await _app.CreateUserAsync("Knowledge editor", Roles.Supervisor);
        var knowledge = _app.Services.GetRequiredService<KnowledgeService>();
        var actor = AuditActor.From(supervisor, Address);

        var draft = await knowledge.CreateAsync(supervisor, new SaveKnowledgeRequest("Refunds", "Money back in 5 days.", "en", Status: KnowledgeStatus.Candidate), actor);
        var edited = await knowledge.UpdateAsync(supervisor, draft.Id, new SaveKnowledgeRequest("Refunds", "Money back in 10 days.", "en", Status: KnowledgeStatus.Candidate, Version: draft.Version), actor);
        await knowledge.UpdateAsync(supervisor, draft.Id, new SaveKnowledgeRequest("Refund policy", "Money back in 10 days.", "en", Status: KnowledgeStatus.Published, Version: edited.Version), actor);
        await knowledge.DeleteAsync(supervisor, draft.Id, actor);

        var id = draft.Id.ToString();
        (await EntryAsync("knowledge.created", id)).After.Should().Contain("\"title\":\"Refunds\"").And.Contain("\"status\":\"Candidate\"");
        var updated = await EntryAsync("knowledge.updated", id);
        updated.Before.Should().Be("""{"body":"Money back in 5 days."}""");
        updated.After.Should().Be("""{"body":"Money back in 10 days."}""");
        var published = await EntryAsync("knowledge.published", id);
        published.Before.Should().Be("""{"title":"Refunds","status":"Candidate"}""");
        published.After.Should().Be("""{"title":"Refund policy","status":"Published"}""");
        (await EntryAsync("knowledge.deleted", id)).Before.Should().Contain("\"title\":\"Refund policy\"");
    }

    [Fact]
    public async Task Message_DeletedByAnAdmin_RecordedButNotWhenTheSenderDeletesTheirOwn()
    {
        var admin = await _app.CreateUserAsync("Deleting admin", Roles.Admin);
        var agent = await _app.CreateUserAsync("Message author", Roles.Agent);
        var threadId = await _app.CreateGroupThreadAsync(agent, "Deletions", admin);
        var rude = await _app.Messages.PostAsync(agent, new(threadId, "Something that must go", Guid.NewGuid().ToString("N")));
        var own = await _app.Messages.PostAsync(agent, new(threadId, "My own typo", Guid.NewGuid().ToString("N")));

        await _app.Edits.DeleteAsync(admin, rude.Message.Id, AuditActor.From(admin, Address));
        await _app.Edits.DeleteAsync(agent, own.Message.Id);

        var entry = await EntryAsync("message.deleted", rude.Message.Id.ToString());
        entry.Should().BeEquivalentTo(new
        {
            ActorId = admin.UserId,
            Before = """{"text":"Something that must go","deleted":false}""",
            After = """{"deleted":true}""",
            Address = "10.20.30.40",
        });
        (await _app.QueryAsync(db => db.AuditLog.AnyAsync(a => a.Action == "message.deleted" && a.TargetId == own.Message.Id.ToString())))
            .Should().BeFalse("a sender deleting their own message is not an admin action");
    }

    private async Task SignInAsync(string email, string password, string address)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var attempt = await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().SignInAsync(email, password, false, IPAddress.Parse(address));
        attempt.Outcome.Should().NotBe(SignInOutcome.SignedIn);
    }

    private Task<AuditEntry> EntryAsync(string action, string targetId) =>
        _app.QueryAsync(db => db.AuditLog.Where(a => a.Action == action && a.TargetId == targetId).OrderByDescending(a => a.Id).FirstAsync());

    private Task<AuditEntry> EntryByNameAsync(string action, string targetName) =>
        _app.QueryAsync(db => db.AuditLog.Where(a => a.Action == action && a.TargetName == targetName).OrderByDescending(a => a.Id).FirstAsync());
}
