using Microsoft.Extensions.Options;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Files;

/// <summary>
/// Keeps what one person holds in uploads not yet sent with a message under <c>Files:PendingUploadBytesPerUser</c>: the
/// uploads on disk plus those being received now (counted at their announced size, or the largest file size when the
/// size is not announced), so parallel uploads cannot slip past together.
/// </summary>
public sealed class UploadQuota(FileStore files, IOptions<FilesOptions> options, TimeProvider clock)
{
    private readonly Dictionary<string, long> _receiving = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Holds room for an upload of <paramref name="declaredLength"/> bytes until disposed; throws when there is none.</summary>
    public IDisposable Reserve(ChatCaller caller, long? declaredLength)
    {
        var limit = options.Value.PendingUploadBytesPerUser;
        var size = Math.Min(declaredLength ?? options.Value.MaxFileBytes, options.Value.MaxFileBytes);
        lock (_lock)
        {
            var (stored, oldestExpires) = files.PendingOf(caller.UserId);
            var held = stored + _receiving.GetValueOrDefault(caller.UserId);
            if (held + size > limit)
            {
                var wait = oldestExpires is { } expires ? expires - clock.GetUtcNow().UtcDateTime : TimeSpan.FromMinutes(1);
                throw new UploadQuotaExceededException(held, limit, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
            }
            _receiving[caller.UserId] = _receiving.GetValueOrDefault(caller.UserId) + size;
        }
        return new Reservation(this, caller.UserId, size);
    }

    private void Release(string userId, long size)
    {
        lock (_lock)
        {
            var left = _receiving.GetValueOrDefault(userId) - size;
            if (left > 0)
                _receiving[userId] = left;
            else
                _receiving.Remove(userId);
        }
    }

    private sealed class Reservation(UploadQuota quota, string userId, long size) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                quota.Release(userId, size);
        }
    }
}

/// <summary>More unsent uploads than <c>Files:PendingUploadBytesPerUser</c> allows; answered with 429 and <c>Retry-After</c>.</summary>
public sealed class UploadQuotaExceededException(long held, long limit, TimeSpan retryAfter)
    : Exception($"You have {FileSize.Format(held)} of uploads not yet sent with a message, and the limit is {FileSize.Format(limit)} " +
                $"per person. Send or discard them, or wait until the oldest expires (in {Math.Ceiling(retryAfter.TotalMinutes)} min).")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
