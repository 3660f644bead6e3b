using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Feedback;

/// <summary>A finished AI message, written through the same AiReplyStore calls the assistant uses.</summary>
internal static class AiMessages
{
    public static async Task<MessageView> CreateAsync(DashboardFactory app, long threadId, string text)
    {
        var message = await app.AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        return await app.AiReplies.FinishAiMessageAsync(message.Id, text, MessageStatus.Sent, new AiMetadata(0.8, "test", "local"), CancellationToken.None);
    }
}
