using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>The admin's analysis switch (AI settings) applies to the running app at once, off and on again, without a restart.</summary>
public sealed class AnalysisSwitchTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task AnalysisEnabled_OffThenOn_MessagesPostedWhileOffAreNotAnalysedLaterOnesAre()
    {
        var store = factory.Services.GetRequiredService<AssistantSettingsStore>();
        var admin = await factory.CreateUserAsync("Alex Switch", Roles.Admin);
        var maya = await factory.CreateUserAsync("Maya Switch", Roles.Agent);
        var threadId = await factory.CreateGroupThreadAsync(admin, "Analysis switch", maya);
        var analysed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is MessageUpdated { Message.Metadata.Analysis: not null } updated)
                analysed.TrySetResult(updated.Message.Id);
            return Task.CompletedTask;
        });

        await store.SaveAsync(admin, store.Current with { AnalysisEnabled = false }, store.CurrentVersioned.Version);
        var whileOff = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "I was charged twice for my invoice, please refund me"))).Message;
        await store.SaveAsync(admin, store.Current with { AnalysisEnabled = true }, store.CurrentVersioned.Version);
        var afterOn = (await factory.Messages.PostAsync(maya, new PostMessageRequest(threadId, "I cannot log in to my account anymore"))).Message;

        // One queue, one reader, in order: once the later message is analysed, the earlier one would have been too.
        (await analysed.Task.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be(afterOn.Id, "the message posted while analysis was off is skipped");
        var stored = await factory.QueryAsync(db => db.Messages.Where(m => m.Id == whileOff.Id || m.Id == afterOn.Id).ToDictionaryAsync(m => m.Id));
        stored[whileOff.Id].Metadata?.Analysis.Should().BeNull();
        stored[afterOn.Id].Metadata!.Analysis!.Intent.Should().Be("account");
    }
}
