using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>The admin's settings steer the running assistant at once: its name on new replies, and whether it answers by itself.</summary>
public sealed class AssistantServiceSettingsTests(AssistantFixture fixture) : IClassFixture<AssistantFixture>
{
    private AssistantSettingsStore Settings => fixture.App.Services.GetRequiredService<AssistantSettingsStore>();

    [Fact]
    public async Task Reply_AdminRenamedTheAssistant_NewRepliesCarryTheNewNameAndContextIsRecorded()
    {
        var admin = await fixture.App.CreateUserAsync("Alex", Roles.Admin);
        var (agent, threadId) = await fixture.AiThreadAsync("Renamed");
        var original = Settings.CurrentVersioned;
        await Settings.SaveAsync(admin, original.Settings with { Name = "Ada" }, original.Version);
        try
        {
            await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Who are you?"));
            var reply = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);

            reply.SenderName.Should().Be("Ada");
            var context = reply.Metadata!.Ai!.ContextUsed!;
            context.Budget.Should().Be(6_000, "Ai:ContextTokens defaults to 6,000");
            context.MessageIds.Should().ContainSingle();
            context.TotalTokens.Should().BePositive().And.BeLessThanOrEqualTo(6_000);
            context.Language.Should().Be("en");
        }
        finally
        {
            await Settings.SaveAsync(admin, original.Settings, Settings.CurrentVersioned.Version);
        }
    }

    [Fact]
    public async Task Post_AutoReplyTurnedOff_NoReplyUntilTurnedBackOn()
    {
        var admin = await fixture.App.CreateUserAsync("Alex", Roles.Admin);
        var (agent, threadId) = await fixture.AiThreadAsync("Quiet please");
        var original = Settings.CurrentVersioned;
        await Settings.SaveAsync(admin, original.Settings with { AutoReplyInAiThreads = false }, original.Version);
        try
        {
            await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Are you there?"));
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // the question's event is handled well within this

            (await fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai)))
                .Should().Be(0, "the admin turned automatic replies off");
        }
        finally
        {
            await Settings.SaveAsync(admin, original.Settings, Settings.CurrentVersioned.Version);
        }

        await fixture.App.Messages.PostAsync(agent, new PostMessageRequest(threadId, "And now?"));
        var reply = await fixture.WaitForAiAsync(threadId, m => m.Status == MessageStatus.Sent);
        reply.Content.Should().Contain("And now?");
        (await fixture.App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.SenderType == SenderType.Ai))).Should().Be(1);
    }
}
