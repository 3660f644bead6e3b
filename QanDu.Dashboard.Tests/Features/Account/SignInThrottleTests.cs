using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Tests.Browser;
using QanDu.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>
/// Guessing passwords through the sign-in form: one address is slowed down without locking the real owner out, an
/// unknown email costs as long as a known one, and an account that does get locked keeps its API keys out too.
/// The app runs on Kestrel at 127.0.0.1 and the clients connect from other loopback addresses, as other machines.
/// </summary>
public sealed class SignInThrottleTests(ITestOutputHelper output)
{
    private const string Password = "Throttle-2026";

    [Fact]
    public async Task SignIn_ThirtyWrongPasswordsFromOneAddress_ThrottledAndTheOwnerSignsInFromAnother()
    {
        await using var app = StartApp(new Dictionary<string, string?>());
        var admin = await UserWithPasswordAsync(app.Services, "Throttled Admin", Roles.Admin);
        using var attacker = LoopbackClient.From(app.BaseAddress, "127.0.0.2");
        using var owner = LoopbackClient.From(app.BaseAddress, "127.0.0.3");

        var answers = new List<HttpStatusCode>();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            // 127.0.0.2 is no trusted proxy: the client addresses it claims to forward for are ignored.
            attacker.DefaultRequestHeaders.Remove("X-Forwarded-For");
            attacker.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            answers.Add((await FormSignIn.PostAsync(attacker, admin, $"wrong-password-{i}")).StatusCode);
        }
        output.WriteLine($"30 wrong passwords in {stopwatch.ElapsedMilliseconds} ms: {string.Join(" ", answers.Select(a => (int)a))}");
        var last = await FormSignIn.PostAsync(attacker, admin, "wrong-password-again");
        var ownerSignIn = await FormSignIn.PostAsync(owner, admin, Password);

        answers.Count(a => a == HttpStatusCode.TooManyRequests).Should().BeGreaterThanOrEqualTo(20, "one address may not keep guessing");
        answers.Skip(10).Should().OnlyContain(a => a == HttpStatusCode.TooManyRequests);
        last.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        last.Headers.RetryAfter.Should().NotBeNull("the browser and scripts are told when to try again");
        (await last.Content.ReadAsStringAsync()).Should().Contain("Too many sign-in attempts");
        ownerSignIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "the owner is not locked out by someone else's guesses");
        FormSignIn.CookieFrom(ownerSignIn, FormSignIn.AuthCookieName).Should().NotBeNull();
    }

    [Fact]
    public async Task SignIn_BehindTheLocalProxy_EachForwardedClientIsThrottledOnItsOwn()
    {
        await using var app = StartApp(new Dictionary<string, string?>());
        var agent = await UserWithPasswordAsync(app.Services, "Proxied Agent", Roles.Agent);
        // The default Proxy:TrustedProxies trusts a proxy on the same machine, which is how a TLS proxy usually runs.
        using var viaProxy = LoopbackClient.From(app.BaseAddress, "127.0.0.1");

        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.5");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            answers.Add((await FormSignIn.PostAsync(viaProxy, agent, $"wrong-password-{i}")).StatusCode);
        viaProxy.DefaultRequestHeaders.Remove("X-Forwarded-For");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.6");
        var owner = await FormSignIn.PostAsync(viaProxy, agent, Password);

        answers.Should().Contain(HttpStatusCode.TooManyRequests, "the guessing client behind the proxy is throttled");
        owner.StatusCode.Should().Be(HttpStatusCode.Redirect, "another client behind the same proxy is not");
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AddressKey_ClientAddress_CountsIPv6ByItsNetwork(string address, string expected) =>
        SignInThrottle.AddressKey(IPAddress.Parse(address)).Should().Be(expected);

    [Fact]
    public async Task SignIn_UnknownAndKnownEmail_SameTimeWithin20Percent()
    {
        // Room for many attempts from the test host: this measures the time of a failure, not the throttle.
        await using var app = new DashboardFactory
        {
            Settings =
            {
                ["SignIn:AddressLimit"] = "1000",
                ["SignIn:AccountAddressFailureLimit"] = "1000",
                ["SignIn:LockoutFailureLimit"] = "2000",
            },
        };
        var known = await UserWithPasswordAsync(app.Services, "Timed Agent", Roles.Agent);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        for (var i = 0; i < 3; i++) // warm-up: first renders, first hashes
        {
            await FormSignIn.PostAsync(client, known, "wrong-password");
            await FormSignIn.PostAsync(client, $"nobody{i}@test.local", "wrong-password");
        }
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < 21; i++) // interleaved, so a busy moment on the machine hits both
        {
            knownTimes.Add(await TimeAsync(client, known));
            unknownTimes.Add(await TimeAsync(client, $"nobody.{Guid.NewGuid():N}@test.local"));
        }

        var knownMedian = Median(knownTimes);
        var unknownMedian = Median(unknownTimes);
        output.WriteLine($"median failed sign-in: known email {knownMedian:F1} ms, unknown email {unknownMedian:F1} ms");
        Math.Abs(knownMedian - unknownMedian).Should().BeLessThanOrEqualTo(0.2 * Math.Max(knownMedian, unknownMedian),
            "how long a wrong password takes must not tell whether the email has an account");
    }

    [Fact]
    public async Task SignIn_ManyFailuresFromManyAddresses_LocksTheAccountAndItsApiKeysAtOnce()
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["SignIn:AccountAddressFailureLimit"] = "2",
            ["SignIn:LockoutFailureLimit"] = "4",
        });
        var agent = await FormSignIn.CreateUserAsync(app.Services, "Locked Agent", Roles.Agent, Password);
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(agent.UserId, "integration");
        using var integration = LoopbackClient.From(app.BaseAddress, "127.0.0.1");
        integration.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        (await integration.GetAsync("/api/chat/threads")).StatusCode.Should().Be(HttpStatusCode.OK, "the key works (and its sign-in is cached)");

        var answers = new List<string>();
        foreach (var address in new[] { "127.0.0.2", "127.0.0.3" })
        {
            using var guesser = LoopbackClient.From(app.BaseAddress, address);
            for (var i = 0; i < 2; i++)
            {
                var response = await FormSignIn.PostAsync(guesser, agent.Email, "wrong-password");
                answers.Add($"{address}: {(int)response.StatusCode}");
            }
        }
        output.WriteLine(string.Join(", ", answers));
        using var owner = LoopbackClient.From(app.BaseAddress, "127.0.0.4");
        var ownerSignIn = await FormSignIn.PostAsync(owner, agent.Email, Password);
        var apiCall = await integration.GetAsync("/api/chat/threads");

        (await ownerSignIn.Content.ReadAsStringAsync()).Should().Contain("This account is locked", "failures from many places lock the account");
        FormSignIn.CookieFrom(ownerSignIn, FormSignIn.AuthCookieName).Should().BeNull();
        apiCall.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a lockout ends the key's cached sign-in too");
    }

    private static DashboardHost StartApp(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings) { ["Demo:SeedOnEmptyDatabase"] = "false" };
        var host = new DashboardHost(all);
        host.Start();
        return host;
    }

    private static async Task<string> UserWithPasswordAsync(IServiceProvider services, string name, string role) =>
        (await FormSignIn.CreateUserAsync(services, name, role, Password)).Email;

    private static async Task<double> TimeAsync(HttpClient client, string email)
    {
        var form = await client.GetAsync("/account/login");
        var token = FormSignIn.TokenOf(await form.Content.ReadAsStringAsync());
        var cookie = FormSignIn.CookieFrom(form, ".AspNetCore.Antiforgery")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = email,
                ["Input.Password"] = "wrong-password",
            }),
        };
        request.Headers.Add("Cookie", cookie);
        var stopwatch = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        stopwatch.Stop();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a wrong password shows the form again");
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
