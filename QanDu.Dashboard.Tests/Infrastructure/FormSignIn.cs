using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// Signs in through the real sign-in form the way a browser does (the page, its antiforgery token and cookie, the
/// post), with cookies sent by hand so a test can copy, keep and replay them. Use clients that do not keep cookies.
/// </summary>
public static partial class FormSignIn
{
    public const string AuthCookieName = "qandu.auth";

    /// <summary>A person who can sign in: a unique email, the password, and a role (none: a customer).</summary>
    public static async Task<(string UserId, string Email)> CreateUserAsync(IServiceProvider services, string name, string? role, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = DateTime.UtcNow };
        Succeeded(await users.CreateAsync(user, password));
        if (role is not null)
            Succeeded(await users.AddToRoleAsync(user, role));
        return (user.Id, email);
    }

    /// <summary>Gives a test user (who has none) a password, so they can sign in through the form.</summary>
    public static async Task SetPasswordAsync(IServiceProvider services, string userId, string password)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"No user {userId}.");
        Succeeded(await users.AddPasswordAsync(user, password));
    }

    /// <summary>The email a test user signs in with.</summary>
    public static async Task<string> EmailOfAsync(IServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByIdAsync(userId))?.Email ?? throw new InvalidOperationException($"No user {userId}.");
    }

    /// <summary>Opens the sign-in page (with <paramref name="query"/>, e.g. <c>?ReturnUrl=/x</c>) and posts the form.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, string query = "")
    {
        var form = await client.GetAsync("/account/login" + query);
        form.EnsureSuccessStatusCode();
        var token = TokenOf(await form.Content.ReadAsStringAsync());
        var antiforgeryCookie = CookieFrom(form, ".AspNetCore.Antiforgery")
            ?? throw new InvalidOperationException("The sign-in page set no antiforgery cookie.");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login" + query)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["Input.RememberMe"] = "true",
            }),
        };
        request.Headers.Add("Cookie", antiforgeryCookie);
        return await client.SendAsync(request);
    }

    /// <summary>Signs in and answers the sign-in cookie (<c>qandu.auth=…</c>), failing when the sign-in did not succeed.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await PostAsync(client, email, password);
        return CookieFrom(response, AuthCookieName)
               ?? throw new InvalidOperationException($"Signing in as {email} set no cookie: HTTP {(int)response.StatusCode} "
                                                      + await response.Content.ReadAsStringAsync());
    }

    /// <summary>The <c>name=value</c> part of the first cookie the response sets whose name starts with <paramref name="prefix"/>.</summary>
    public static string? CookieFrom(HttpResponseMessage response, string prefix) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal))?.Split(';')[0]
            : null;

    /// <summary>The antiforgery request token of the first form on a page.</summary>
    public static string TokenOf(string html) =>
        AntiforgeryToken().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The page has no antiforgery token.");

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
