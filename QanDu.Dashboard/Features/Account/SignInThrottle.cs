using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// The sign-in form's rate limits, on .NET's partitioned sliding-window limiters (the ones ASP.NET Core's rate-limiting
/// middleware uses; the middleware itself cannot see the account name in the form, nor count only failures):
/// attempts per client address, failures per account and address, and failures per account from everywhere.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly SignInLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _attemptsPerAddress;
    private readonly PartitionedRateLimiter<string> _failuresPerAccountAndAddress;
    private readonly PartitionedRateLimiter<string> _failuresPerAccount;

    public SignInThrottle(IOptions<SignInLimitOptions> options)
    {
        _options = options.Value;
        _attemptsPerAddress = Sliding(_options.AddressLimit, _options.AddressWindow);
        _failuresPerAccountAndAddress = Sliding(_options.AccountAddressFailureLimit, _options.FailureWindow);
        _failuresPerAccount = Sliding(_options.LockoutFailureLimit, _options.FailureWindow);
    }

    /// <summary>Counts an attempt before the password is looked at: null to go on, or how long the client must wait.</summary>
    public TimeSpan? Admit(string address, string account)
    {
        using (var attempt = _attemptsPerAddress.AttemptAcquire(address))
            if (!attempt.IsAcquired)
                return RetryAfter(attempt, _options.AddressWindow);
        // Zero permits asks whether any are left without taking one: only failures count here.
        using var failures = _failuresPerAccountAndAddress.AttemptAcquire(Pair(account, address), 0);
        return failures.IsAcquired ? null : RetryAfter(failures, _options.FailureWindow);
    }

    /// <summary>Counts a failed sign-in; true when the (existing) account has now failed so often, from everywhere, that it must be locked.</summary>
    public bool Failed(string address, string account, bool accountExists)
    {
        _failuresPerAccountAndAddress.AttemptAcquire(Pair(account, address)).Dispose(); // a window limiter keeps the permit
        if (!accountExists)
            return false; // nothing to lock; keeping no count for made-up names bounds the memory an attacker can fill
        using var failure = _failuresPerAccount.AttemptAcquire(account);
        return !failure.IsAcquired || _failuresPerAccount.GetStatistics(account)?.CurrentAvailablePermits == 0;
    }

    /// <summary>
    /// The key a client address is counted under: an IPv6 client by its /64 network (one subscriber usually holds a
    /// whole /64), an IPv4 client (also mapped into IPv6) by its address.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string Pair(string account, string address) => account + "\n" + address;

    private static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan window) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : window;

    private static PartitionedRateLimiter<string> Sliding(int limit, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    public void Dispose()
    {
        _attemptsPerAddress.Dispose();
        _failuresPerAccountAndAddress.Dispose();
        _failuresPerAccount.Dispose();
    }
}
