using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Threads;

/// <summary>
/// Names each untitled AI thread after its first question, so someone's AI threads can be told apart. It reacts to
/// <see cref="MessagePosted"/> (after the commit, whichever door posted: the inbox, the API, a retry), and the title is
/// written by <see cref="ThreadService"/>, the one writer of Threads. A title missed (a dropped event, a crash between
/// the post and this) leaves the thread named "AI assistant", as before; nothing else depends on it.
/// </summary>
public sealed class AiThreadTitles(IChatEvents events, ThreadService threads, ILogger<AiThreadTitles> logger) : IHostedService
{
    private static readonly ChatCaller App = ChatCaller.System("AI thread titles");
    private readonly CancellationTokenSource _stopping = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(null, OnEventAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync();
    }

    private async Task OnEventAsync(ChatEvent chatEvent)
    {
        // Only a person's post in an AI thread can be its first question (the writer always knows the thread's type).
        if (chatEvent is not MessagePosted { ThreadType: ThreadType.Ai, Message: { SenderType: SenderType.User } message })
            return;
        try
        {
            await threads.TitleFromFirstQuestionAsync(App, message.ThreadId, message.Id, _stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not name AI thread {ThreadId} after its first question", message.ThreadId);
        }
    }
}
