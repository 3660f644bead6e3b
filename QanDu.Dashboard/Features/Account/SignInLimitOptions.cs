using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Account;

/// <summary>
/// How the sign-in form resists password guessing, bound from the <c>SignIn</c> section (docs/configuration.md):
/// each client address is throttled first; an account is locked only when failures come from many addresses.
/// </summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignIn";

    /// <summary>Sign-in attempts one client address may make per <see cref="AddressWindow"/>; more are refused (429).</summary>
    [Range(1, 100_000, ErrorMessage = "SignIn:AddressLimit must be between 1 and 100000 (docs/configuration.md).")]
    public int AddressLimit { get; set; } = 10;

    /// <summary>The sliding window of <see cref="AddressLimit"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SignIn:AddressWindow must be between 00:00:01 and 1.00:00:00 (docs/configuration.md).")]
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins to one account from one client address per <see cref="FailureWindow"/>; then that address is refused for it (429).</summary>
    [Range(1, 100_000, ErrorMessage = "SignIn:AccountAddressFailureLimit must be between 1 and 100000 (docs/configuration.md).")]
    public int AccountAddressFailureLimit { get; set; } = 5;

    /// <summary>
    /// Failed sign-ins to one account from all addresses per <see cref="FailureWindow"/> that lock it for
    /// <see cref="LockoutDuration"/>. Above <see cref="AccountAddressFailureLimit"/>, so it takes several addresses.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "SignIn:LockoutFailureLimit must be between 1 and 100000 (docs/configuration.md).")]
    public int LockoutFailureLimit { get; set; } = 50;

    /// <summary>The sliding window of <see cref="AccountAddressFailureLimit"/> and <see cref="LockoutFailureLimit"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "SignIn:FailureWindow must be between 00:00:01 and 7.00:00:00 (docs/configuration.md).")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a locked account (and every API key of it) stays locked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "SignIn:LockoutDuration must be between 00:00:01 and 30.00:00:00 (docs/configuration.md).")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
