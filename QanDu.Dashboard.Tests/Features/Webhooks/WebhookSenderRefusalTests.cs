namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>
/// The SSRF acceptance: 30 spellings of loopback, private, link-local, unique-local, multicast, unspecified and special
/// addresses (and their IPv6 embeddings), each sent for real, each refused before any connection: a listener on
/// 127.0.0.1 (and ::1) at the URL's port counts none. No host is allowed in this app.
/// </summary>
public sealed class WebhookSenderRefusalTests(WebhookSenderApp app) : IClassFixture<WebhookSenderApp>, IDisposable
{
    private readonly ConnectionCounter _listener = new();

    public static TheoryData<string, string> RefusedHosts => new()
    {
        { "127.0.0.1", "127.0.0.1 is a loopback address" },
        { "127.1", "127.0.0.1 is a loopback address" },
        { "2130706433", "127.0.0.1 is a loopback address" },
        { "0177.0.0.1", "127.0.0.1 is a loopback address" },
        { "0x7f000001", "127.0.0.1 is a loopback address" },
        { "0x7f.0.0.1", "127.0.0.1 is a loopback address" },
        { "0x7f.1", "127.0.0.1 is a loopback address" },
        { "127.0.0.1.", "127.0.0.1. is 127.0.0.1, a loopback address" },
        { "localhost", "localhost resolves to 127.0.0.1, a loopback address" },
        { "[::1]", "::1 is a loopback address" },
        { "[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, a loopback address" },
        { "[::ffff:7f00:1]", "::ffff:127.0.0.1 is the IPv4-mapped form of 127.0.0.1, a loopback address" },
        { "[::127.0.0.1]", "the IPv4-compatible form of 127.0.0.1, a loopback address" },
        { "10.0.0.1", "10.0.0.1 is a private address (10.0.0.0/8)" },
        { "172.16.5.4", "172.16.5.4 is a private address (172.16.0.0/12)" },
        { "192.168.1.1", "192.168.1.1 is a private address (192.168.0.0/16)" },
        { "169.254.169.254", "169.254.169.254 is a link-local address" },
        { "[fe80::1]", "fe80::1 is a link-local address (fe80::/10)" },
        { "[fc00::1]", "fc00::1 is a unique-local address (fc00::/7)" },
        { "[fd12::1]", "fd12::1 is a unique-local address (fc00::/7)" },
        { "224.0.0.1", "224.0.0.1 is a multicast address" },
        { "[ff02::1]", "ff02::1 is a multicast address" },
        { "0.0.0.0", "0.0.0.0 is the unspecified address" },
        { "0", "0.0.0.0 is the unspecified address" },
        { "[::]", ":: is the unspecified address" },
        { "100.64.0.1", "100.64.0.1 is a shared carrier-grade NAT address (100.64.0.0/10)" },
        { "[64:ff9b::7f00:1]", "the NAT64 form of 127.0.0.1, a loopback address" },
        { "[2002:7f00:1::]", "the 6to4 form of 127.0.0.1, a loopback address" },
        { "255.255.255.255", "255.255.255.255 is the broadcast address" },
        { "198.18.0.1", "198.18.0.1 is a benchmarking address (198.18.0.0/15)" },
    };

    [Theory]
    [MemberData(nameof(RefusedHosts))]
    public async Task SendAsync_RefusedAddressForm_RefusedBeforeAnyConnection(string host, string words)
    {
        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"http://{host}:{_listener.Port}/hooks/qandu"), CancellationToken.None);

        result.Should().BeEquivalentTo(new { Delivered = false, StatusCode = (int?)null, Outcome = "refused_address", Permanent = true });
        result.Error.Should().Contain(words).And.EndWith("; allow the host under Allowed hosts if this receiver is on your network.");
        await Task.Delay(50);
        _listener.Connections.Should().Be(0, "{0} must not reach the loopback listener", host);
    }

    [Fact]
    public async Task SendAsync_HttpsToLoopback_RefusedToo()
    {
        var result = await app.Sender.SendAsync(WebhookSenderApp.Request($"https://127.0.0.1:{_listener.Port}/"), CancellationToken.None);

        result.Outcome.Should().Be("refused_address");
        _listener.Connections.Should().Be(0);
    }

    public void Dispose() => _listener.Dispose();
}
