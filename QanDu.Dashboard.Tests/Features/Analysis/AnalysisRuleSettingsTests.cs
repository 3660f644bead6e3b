using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>The priority rule follows its settings: configured intents replace the default, and the target level is configurable.</summary>
public sealed class AnalysisRuleSettingsTests : IAsyncLifetime
{
    private readonly DashboardFactory factory = new()
    {
        Settings =
        {
            ["Analysis:RaisePriority:NegativeBelow"] = "-2",
            ["Analysis:RaisePriority:Intents:0"] = "cancellation",
            ["Analysis:RaisePriority:To"] = "Urgent",
        },
    };

    [Fact]
    public async Task Post_ConfiguredIntent_RaisesToConfiguredLevel_DefaultIntentNoLonger()
    {
        var maya = await factory.CreateUserAsync("Maya Rule", Roles.Agent);
        var tom = await factory.CreateUserAsync("Tom Rule", Roles.Agent);
        var urgentThread = await factory.CreateGroupThreadAsync(maya, "Urgent words", tom);
        var cancelThread = await factory.CreateGroupThreadAsync(maya, "Cancelling", tom);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var analysedUrgent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = factory.Services.GetRequiredService<IChatEvents>();
        using var a = events.Subscribe(cancelThread, e => { if (e is ThreadChanged) changed.TrySetResult(); return Task.CompletedTask; });
        using var b = events.Subscribe(urgentThread, e =>
        {
            if (e is MessageUpdated { Message.Metadata.Analysis: not null })
                analysedUrgent.TrySetResult();
            return Task.CompletedTask;
        });

        await factory.Messages.PostAsync(maya, new PostMessageRequest(urgentThread, "URGENT: the whole system is down, help immediately!"));
        await factory.Messages.PostAsync(maya, new PostMessageRequest(cancelThread, "I want to cancel my subscription at the end of the month"));

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await analysedUrgent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        (await factory.Threads.GetThreadAsync(maya, cancelThread)).Priority.Should().Be(PriorityLevel.Urgent);
        (await factory.Threads.GetThreadAsync(maya, urgentThread)).Priority.Should().Be(PriorityLevel.Normal, "the configured list replaces the default [urgent]");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();
}
