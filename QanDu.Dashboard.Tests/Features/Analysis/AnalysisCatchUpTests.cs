using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis;

/// <summary>Messages posted while analysis was off are analysed at the next start, without touching priorities.</summary>
public sealed class AnalysisCatchUpTests
{
    [Fact]
    public async Task Start_MessagesFromWhileAnalysisWasOff_AnalysedQuietlyPriorityUnchanged()
    {
        using var folder = new TempDataFolder();
        long messageId, threadId;
        ChatCaller maya;
        await using (var off = DashboardFactory.OnFolder(folder))
        {
            off.Settings["Analysis:Enabled"] = "false";
            maya = await off.CreateUserAsync("Maya Later", Roles.Agent);
            threadId = await off.CreateGroupThreadAsync(maya, "Before analysis", await off.CreateUserAsync("Tom Later", Roles.Agent));
            messageId = (await off.Messages.PostAsync(maya, new PostMessageRequest(threadId, "This is horrible and I am furious, the worst service ever"))).Message.Id;
            (await off.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == messageId))).Metadata.Should().BeNull("analysis is off");
        }

        await using var on = DashboardFactory.OnFolder(folder);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        Message stored;
        while ((stored = await on.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == messageId))).Metadata?.Analysis is null)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "earlier messages are analysed at start-up");
            await Task.Delay(50);
        }

        stored.Metadata!.Analysis!.Sentiment.Should().Be("negative");
        (await on.Threads.GetThreadAsync(maya, threadId)).Priority.Should().Be(PriorityLevel.Normal, "the rule is for messages as they arrive");
    }
}
