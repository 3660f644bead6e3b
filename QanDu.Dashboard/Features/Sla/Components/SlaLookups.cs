namespace QanDu.Dashboard.Features.Sla.Components;

/// <summary>
/// Per circuit: the SLA chips of a list ask for their conversation as they render, and the asks made in the same render
/// are answered by one <see cref="SlaBook.StatusAsync"/> call (two queries for the whole list, not two per row).
/// </summary>
public sealed class SlaLookups(SlaBook book, ILogger<SlaLookups> logger)
{
    private readonly Lock _lock = new();
    private Dictionary<long, TaskCompletionSource<SlaStatus?>>? _pending;

    /// <summary>The conversation's SLA (null: no policy, no running human clock, or not an open customer conversation).</summary>
    public Task<SlaStatus?> GetAsync(long threadId)
    {
        bool first;
        TaskCompletionSource<SlaStatus?> answer;
        lock (_lock)
        {
            first = _pending is null;
            _pending ??= [];
            if (!_pending.TryGetValue(threadId, out answer!))
                _pending[threadId] = answer = new TaskCompletionSource<SlaStatus?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        if (first)
            _ = FlushAsync();
        return answer.Task;
    }

    private async Task FlushAsync()
    {
        await Task.Yield(); // the rest of the render asks first
        Dictionary<long, TaskCompletionSource<SlaStatus?>> asked;
        lock (_lock)
        {
            asked = _pending!;
            _pending = null;
        }
        try
        {
            var statuses = await book.StatusAsync([.. asked.Keys]);
            foreach (var (threadId, answer) in asked)
                answer.TrySetResult(statuses.GetValueOrDefault(threadId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not read the SLA of {Count} conversations", asked.Count);
            foreach (var answer in asked.Values)
                answer.TrySetResult(null); // a missing chip is better than a broken list
        }
    }
}
