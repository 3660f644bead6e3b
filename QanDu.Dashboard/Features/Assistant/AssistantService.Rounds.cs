using System.Text;
using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Assistant;

public sealed partial class AssistantService
{
    /// <summary>
    /// Streams the reply; when the model calls tools, handles them (<see cref="Tools.ToolBox.HandleAsync"/>: reading tools
    /// run, changing ones become approval requests, refused ones notes) and asks again with the results, at most
    /// <see cref="AssistantOptions.MaxToolRounds"/> times. All rounds write into the same message.
    /// </summary>
    private async Task StreamAsync(MessageView message, ChatCaller requester, StringBuilder text, ReplyInfo reply, CancellationToken ct)
    {
        var context = await contextBuilder.BuildAsync(requester, message.ThreadId, message.Id,
            retrieve: client.GetService(typeof(LocalChatClient)) is null, ct);
        reply.Context = context.Report;
        var messages = context.Messages;
        var chatOptions = context.Options;
        var toolBox = tools.For(new AssistantRequest(requester, message.ThreadId), message.Id);
        chatOptions.Tools = toolBox.Functions;
        var lastFlush = clock.GetTimestamp();
        var lastSave = lastFlush;
        var shown = 0;
        for (var round = 1; ; round++)
        {
            var calls = new List<FunctionCallContent>();
            var separated = text.Length == 0;
            await foreach (var update in client.GetStreamingResponseAsync(messages, chatOptions, ct))
            {
                if (!separated && update.Text.Length > 0)
                {
                    text.Append("\n\n");
                    separated = true;
                }
                text.Append(update.Text);
                reply.Read(update);
                calls.AddRange(update.Contents.OfType<FunctionCallContent>());
                if (clock.GetElapsedTime(lastFlush) >= options.Value.FlushInterval && text.Length != shown)
                {
                    replies.PublishAiProgress(message, text.ToString());
                    Interlocked.Increment(ref _flushes);
                    shown = text.Length;
                    lastFlush = clock.GetTimestamp();
                }
                if (clock.GetElapsedTime(lastSave) >= options.Value.SaveInterval)
                {
                    await replies.SaveAiProgressAsync(message.Id, text.ToString(), ct);
                    lastSave = clock.GetTimestamp();
                }
            }
            if (calls.Count == 0)
                return;

            var results = new List<AIContent>();
            foreach (var call in calls)
            {
                var outcome = await toolBox.HandleAsync(call, ct);
                results.Add(outcome.Result);
                if (outcome.Note is { } note)
                    reply.Notes.Add(note);
                if (outcome.Draft is { } draft)
                    reply.Drafts.Add(draft);
            }
            // Approval cards were written onto the message: later progress must carry them, not the view from before.
            message = await replies.ReadAsync(message.Id, ct);
            if (text.Length > 0)
                replies.PublishAiProgress(message, text.ToString());
            if (round >= options.Value.MaxToolRounds)
            {
                reply.Notes.Add($"The assistant kept asking for tools; it was stopped after {round} rounds.");
                return;
            }
            messages.Add(new ChatMessage(ChatRole.Assistant, [.. calls]));
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }
}
