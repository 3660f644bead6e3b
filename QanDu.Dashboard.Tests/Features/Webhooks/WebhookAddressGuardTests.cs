using System.Net;
using QanDu.Dashboard.Features.Webhooks;

namespace QanDu.Dashboard.Tests.Features.Webhooks;

/// <summary>The SSRF rule at unit level: every spelling of a refused address is read and refused; public addresses pass.</summary>
public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("0x7f.0.0.1", "127.0.0.1")]
    [InlineData("0x7f000001", "127.0.0.1")]
    [InlineData("0X7F.1", "127.0.0.1")]
    [InlineData("017700000001", "127.0.0.1")]
    [InlineData("127.0.0.1.", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("[::1]", "::1")]
    [InlineData("::ffff:7f00:1", "::ffff:127.0.0.1")]
    [InlineData("[fe80::1%25eth0]", null)]
    public void TryParseLiteral_EverySpelling_ReadsTheAddressAResolverWould(string host, string? expected)
    {
        WebhookAddressGuard.TryParseLiteral(host.Replace("%25", "%"), out var address).Should().BeTrue();
        if (expected is not null)
            address.Should().Be(IPAddress.Parse(expected));
    }

    [Theory]
    [InlineData("hooks.example.com")]
    [InlineData("localhost")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.256")]
    [InlineData("0x1g.0.0.1")]
    [InlineData("08.0.0.1")]
    [InlineData("4294967296")]
    [InlineData("example.123")]
    public void TryParseLiteral_NamesAndNonsense_AreNotLiterals(string host) =>
        WebhookAddressGuard.TryParseLiteral(host, out _).Should().BeFalse();

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.255.0.9", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("10.0.0.1", "a private address (10.0.0.0/8)")]
    [InlineData("172.16.5.4", "a private address (172.16.0.0/12)")]
    [InlineData("172.31.255.255", "a private address (172.16.0.0/12)")]
    [InlineData("192.168.1.1", "a private address (192.168.0.0/16)")]
    [InlineData("169.254.169.254", "a link-local address (169.254.0.0/16, where cloud metadata services live)")]
    [InlineData("fe80::1", "a link-local address (fe80::/10)")]
    [InlineData("fc00::1", "a unique-local address (fc00::/7)")]
    [InlineData("fd12::1", "a unique-local address (fc00::/7)")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("239.255.255.250", "a multicast address")]
    [InlineData("ff02::1", "a multicast address")]
    [InlineData("0.0.0.0", "the unspecified address")]
    [InlineData("::", "the unspecified address")]
    [InlineData("0.1.2.3", "a 'this network' address (0.0.0.0/8)")]
    [InlineData("100.64.0.1", "a shared carrier-grade NAT address (100.64.0.0/10)")]
    [InlineData("192.0.0.8", "an IETF protocol address (192.0.0.0/24)")]
    [InlineData("198.18.0.1", "a benchmarking address (198.18.0.0/15)")]
    [InlineData("255.255.255.255", "the broadcast address")]
    [InlineData("240.0.0.1", "a reserved address (240.0.0.0/4)")]
    [InlineData("::ffff:127.0.0.1", "the IPv4-mapped form of 127.0.0.1, a loopback address")]
    [InlineData("::ffff:a9fe:a9fe", "the IPv4-mapped form of 169.254.169.254, a link-local address (169.254.0.0/16, where cloud metadata services live)")]
    [InlineData("::127.0.0.1", "the IPv4-compatible form of 127.0.0.1, a loopback address")]
    [InlineData("::ffff:0:10.0.0.1", "the IPv4-translated form of 10.0.0.1, a private address (10.0.0.0/8)")]
    [InlineData("64:ff9b::7f00:1", "the NAT64 form of 127.0.0.1, a loopback address")]
    [InlineData("64:ff9b::192.168.0.1", "the NAT64 form of 192.168.0.1, a private address (192.168.0.0/16)")]
    [InlineData("2002:7f00:1::", "the 6to4 form of 127.0.0.1, a loopback address")]
    [InlineData("2002:a00:1::1", "the 6to4 form of 10.0.0.1, a private address (10.0.0.0/8)")]
    [InlineData("fec0::1", "a site-local address (fec0::/10)")]
    public void Refusal_RefusedAddress_SaysWhatItIs(string address, string kind) =>
        WebhookAddressGuard.Refusal(IPAddress.Parse(address)).Should().Be(kind);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:82b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Refusal_PublicAddress_Passes(string address) =>
        WebhookAddressGuard.Refusal(IPAddress.Parse(address)).Should().BeNull();
}
