namespace QanDu.Dashboard.Data;

/// <summary>
/// Whether the database could be written lately: the last write the storage refused (disk full, I/O error, read-only),
/// until a later write succeeds. Fed by <see cref="StorageHealthInterceptor"/> from every EF Core write; read by
/// <c>/health</c> and by the composer, which says so while it lasts.
/// </summary>
public sealed class StorageHealth(TimeProvider clock)
{
    private volatile Failure? _failure;

    /// <summary>A write the storage refused, and when.</summary>
    public sealed record Failure(string Reason, DateTimeOffset At);

    /// <summary>The last refused write, when no write succeeded since; null otherwise.</summary>
    public Failure? LastFailure => _failure;

    /// <summary>
    /// Raised when writes start being refused or succeed again (not on every write). Handlers run on the writing thread
    /// and must return at once (a component calls <c>InvokeAsync</c> and does not wait).
    /// </summary>
    public event Action? Changed;

    public void Failed(Exception exception)
    {
        if (StorageErrors.WriteFailure(exception) is not { } reason)
            return;
        var wasFine = _failure is null;
        _failure = new Failure(reason, clock.GetUtcNow());
        if (wasFine)
            Changed?.Invoke();
    }

    public void Succeeded()
    {
        if (_failure is null)
            return; // the common case: one volatile read per write
        _failure = null;
        Changed?.Invoke();
    }
}
