using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace QanDu.Dashboard.Features.Account.Pages;

/// <summary>What the two-factor sign-in pages share: their links, and the messages of a failed attempt.</summary>
public static class TwoFactorStep
{
    public static string Url(string path, string? returnUrl, bool remember) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
        {
            ["returnUrl"] = string.IsNullOrEmpty(returnUrl) ? null : returnUrl,
            ["remember"] = remember ? "true" : "false",
        });

    /// <summary>The message for a failed attempt (and, when throttled, the 429 and Retry-After on the response).</summary>
    public static string Describe(SignInAttempt attempt, HttpContext http, string wrong)
    {
        switch (attempt.Outcome)
        {
            case SignInOutcome.Throttled:
                var seconds = (int)Math.Ceiling(attempt.RetryAfter.TotalSeconds);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return $"Too many attempts. Try again in {(seconds <= 90 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes")}.";
            case SignInOutcome.LockedOut:
                return "Too many failed attempts from different places. This account is locked for a while: try again later, or ask an admin.";
            case SignInOutcome.Expired:
                return "The sign-in took too long or was not started here. Sign in with your password again.";
            default:
                return wrong;
        }
    }
}
