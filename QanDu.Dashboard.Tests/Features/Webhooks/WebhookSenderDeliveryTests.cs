using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using QanDu.Dashboard.Features.Webhooks;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// Real deliveries to Kestrel receivers on 127.0.0.1, reached as "localhost" (which an admin allowed): signed, verified by
/// the receiver; redirects followed and re-checked; a slow, failing, missing or unresolvable receiver each answered in
/// words. Tests in this class run one after another, so an allowed host added in a test is removed in the same test.
/// </summary>
public sealed class WebhookSenderDeliveryTests(WebhookSenderApp app) : IClassFixture<WebhookSenderApp>
{
    [Fact]
    public async Task SendAsync_AllowedLoopbackReceiver_DeliversSignedBodyTheReceiverVerifies()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        var request = WebhookSenderApp.Request($"http://localhost:{receiver.Port}/hooks/qandu", "s3cret", "conversation.created");

        var result = await app.Sender.SendAsync(request, CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = true, StatusCode = (int?)204, Outcome = "delivered", Error = (string?)null });
        var received = receiver.Received.Should().ContainSingle().Subject;
        received.SignatureValid.Should().BeTrue("the receiver checked it with WebhookSignature.Verify");
        received.Body.Should().Be(request.Payload);
        received.Path.Should().Be("/hooks/qandu");
        received.Headers.Should().Contain(new Dictionary<string, string>
        {
            ["X-QanDu-Delivery"] = request.DeliveryId.ToString(),
            ["X-QanDu-Event"] = "conversation.created",
            ["User-Agent"] = "QanDu-Webhooks/1",
            ["Content-Type"] = "application/json; charset=utf-8",
        });
        received.Headers["X-QanDu-Signature"].Should().MatchRegex("^sha256=[0-9a-f]{64}$");
        long.Parse(received.Headers["X-QanDu-Timestamp"]).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 30);
    }

    [Fact]
    public async Task SendAsync_WrongSecret_ReceiverRefusesWith401()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("the receiver's secret");

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/", "another secret"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)401, Outcome = "http_401" });
        receiver.Received.Should().ContainSingle().Which.SignatureValid.Should().BeFalse();
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/stolen", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::ffff:7f00:1]:{0}/stolen", "::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, a loopback address")]
    [InlineData("http://2130706433:{0}/stolen", "127.0.0.1 is a loopback address")]
    public async Task SendAsync_AllowedReceiverRedirectsToPrivateAddress_RefusedRedirectAndNoConnection(string target, string words)
    {
        await app.AllowAsync("localhost");
        using var second = new ConnectionCounter();
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        receiver.Respond = context => Redirect(context, string.Format(target, second.Port), StatusCodes.Status307TemporaryRedirect);

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/hook"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, Outcome = "refused_redirect", Permanent = true });
        result.Error.Should().StartWith("The receiver redirected to http://").And.Contain(words)
            .And.EndWith("allow the host under Allowed hosts if this receiver is on your network.");
        receiver.Received.Should().ContainSingle();
        await Task.Delay(50);
        second.Connections.Should().Be(0, "the redirect target is checked before connecting");
    }

    [Fact]
    public async Task SendAsync_RedirectWithinAllowedHost_FollowedAndStillSigned()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        receiver.Respond = context => context.Request.Path == "/old"
            ? Redirect(context, "/new", StatusCodes.Status308PermanentRedirect)
            : Task.FromResult(false);

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/old"), CancellationToken.None);

        result.Outcome.Should().Be("delivered");
        receiver.Received.Select(r => (r.Path, r.SignatureValid)).Should().Equal(("/old", true), ("/new", true));
    }

    [Fact]
    public async Task SendAsync_EndlessRedirects_StopsAfterThree()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        receiver.Respond = context => Redirect(context, $"/again{context.Request.Path}", StatusCodes.Status302Found);

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/loop"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)302, Outcome = "too_many_redirects" });
        result.Error.Should().StartWith("The receiver redirected more than 3 times");
        receiver.Received.Should().HaveCount(4, "the first request and three redirects");
    }

    [Fact]
    public async Task SendAsync_SlowReceiver_TimesOutWithTheSetting()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        receiver.Respond = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(WebhookSenderApp.TimeoutSeconds + 4), context.RequestAborted).ContinueWith(_ => { });
            return false;
        };
        var clock = Stopwatch.StartNew();

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/slow"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)null, Outcome = "timeout", Permanent = false });
        result.Error.Should().Be($"The receiver at http://localhost:{receiver.Port}/slow did not answer within 2 seconds (Webhooks:TimeoutSeconds).");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(WebhookSenderApp.TimeoutSeconds + 3));
        result.Duration.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(WebhookSenderApp.TimeoutSeconds - 0.1));
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswers500_Http500WithItsBody()
    {
        await app.AllowAsync("localhost");
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        receiver.Respond = async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("database   down\n" + new string('x', 10_000));
            return true;
        };

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{receiver.Port}/"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)500, Outcome = "http_500", Permanent = false });
        result.Error.Should().StartWith("The receiver answered 500 Internal Server Error: database down xxx").And.EndWith("x…");
        result.Error!.Length.Should().BeLessThan(600, "the body is cut for the log");
    }

    [Fact]
    public async Task SendAsync_HostNeverResolves_Unresolved()
    {
        var result = await app.Sender.SendAsync(WebhookSenderApp.Request("http://no-such-host.invalid/hook"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)null, Outcome = "unresolved", Permanent = false });
        result.Error.Should().StartWith("no-such-host.invalid does not resolve").And.EndWith("check the host name in the URL.");
    }

    [Fact]
    public async Task SendAsync_NothingListening_ConnectionFailed()
    {
        await app.AllowAsync("localhost");
        int port;
        using (var closed = new ConnectionCounter())
            port = closed.Port;

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://localhost:{port}/hook"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)null, Outcome = "connection_failed" });
        result.Error.Should().StartWith($"Could not reach http://localhost:{port}/hook: ConnectionRefused");
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/in", "ftp: URLs cannot receive webhooks (only http and https); correct the subscription's URL.")]
    [InlineData("file:///etc/passwd", "file: URLs cannot receive webhooks (only http and https); correct the subscription's URL.")]
    public async Task SendAsync_NotHttp_InvalidUrlForGood(string url, string error)
    {
        var result = await app.Sender.SendAsync(WebhookSenderApp.Request(url), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, Outcome = "invalid_url", Error = error, Permanent = true });
    }

    [Fact]
    public async Task SendAsync_AllowedHostRemoved_RefusedAtTheNextAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync("s3cret");
        var url = $"http://127.0.0.1:{receiver.Port}/";
        var id = await app.AllowAsync("2130706433");
        try
        {
            (await app.Sender.SendAsync(WebhookSenderApp.Request(url), CancellationToken.None)).Outcome.Should().Be("delivered", "127.0.0.1 is allowed, in any spelling");
        }
        finally
        {
            await app.RemoveAsync(id);
        }

        var result = await app.Sender.SendAsync(WebhookSenderApp.Request(url), CancellationToken.None);

        result.Outcome.Should().Be("refused_address");
        receiver.Received.Should().ContainSingle();
    }

    private static Task<bool> Redirect(HttpContext context, string location, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.FromResult(true);
    }
}
