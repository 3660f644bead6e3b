using System.Net;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>The two-factor sign-in step over HTTP, as a browser does it (cookies by hand, as in <see cref="FormSignIn"/>).</summary>
public static class TwoFactorForms
{
    public const string TwoFactorCookieName = "Identity.TwoFactorUserId";

    /// <summary>Posts the password form; answers the two-factor cookie the redirect to the second step carries.</summary>
    public static async Task<string> PasswordStepAsync(HttpClient client, string email, string password)
    {
        var response = await FormSignIn.PostAsync(client, email, password);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the right password of a person with two-factor leads to the second step");
        response.Headers.Location!.AbsolutePath.Should().Be("/account/login/two-factor");
        FormSignIn.CookieFrom(response, FormSignIn.AuthCookieName).Should().BeNull("the password alone does not sign in");
        return FormSignIn.CookieFrom(response, TwoFactorCookieName) ?? throw new InvalidOperationException("No two-factor cookie was set.");
    }

    /// <summary>Posts a code on the second step (<c>two-factor</c> or <c>recovery</c>) with the two-factor cookie.</summary>
    public static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string twoFactorCookie, string code, string step = "two-factor")
    {
        var path = $"/account/login/{step}?remember=true";
        using var page = new HttpRequestMessage(HttpMethod.Get, path);
        page.Headers.Add("Cookie", twoFactorCookie);
        var form = await client.SendAsync(page);
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = FormSignIn.TokenOf(await form.Content.ReadAsStringAsync());
        var antiforgery = FormSignIn.CookieFrom(form, ".AspNetCore.Antiforgery");
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = step,
                ["__RequestVerificationToken"] = token,
                ["Input.Code"] = code,
            }),
        };
        post.Headers.Add("Cookie", $"{twoFactorCookie}; {antiforgery}");
        return await client.SendAsync(post);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
