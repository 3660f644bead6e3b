using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>
/// The SSRF rule: which addresses a webhook may reach without an admin's say-so. Refuses loopback, private, link-local,
/// unique-local, multicast, unspecified, broadcast and the other special-purpose ranges, and every IPv6 spelling of a
/// refused IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Also reads a URL's host as an IP literal the way
/// resolvers do (decimal, octal, hex and short IPv4 spellings; bracketed IPv6), so no spelling slips past as a "name".
/// </summary>
public static class WebhookAddressGuard
{
    private static readonly (uint Network, int Prefix, string Kind)[] RefusedV4 =
    [
        (0x00000000, 32, "the unspecified address"),
        (0xFFFFFFFF, 32, "the broadcast address"),
        (0x00000000, 8, "a 'this network' address (0.0.0.0/8)"),
        (0x0A000000, 8, "a private address (10.0.0.0/8)"),
        (0x64400000, 10, "a shared carrier-grade NAT address (100.64.0.0/10)"),
        (0x7F000000, 8, "a loopback address"),
        (0xA9FE0000, 16, "a link-local address (169.254.0.0/16, where cloud metadata services live)"),
        (0xAC100000, 12, "a private address (172.16.0.0/12)"),
        (0xC0000000, 24, "an IETF protocol address (192.0.0.0/24)"),
        (0xC0A80000, 16, "a private address (192.168.0.0/16)"),
        (0xC6120000, 15, "a benchmarking address (198.18.0.0/15)"),
        (0xE0000000, 4, "a multicast address"),
        (0xF0000000, 4, "a reserved address (240.0.0.0/4)"),
    ];

    /// <summary>Null when a webhook may reach <paramref name="address"/>; otherwise what it is, e.g. "a loopback address".</summary>
    public static string? Refusal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return RefusalV4(BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes()));
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return "not an internet address";
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.Equals(IPAddress.IPv6None))
            return "the unspecified address";
        if (address.Equals(IPAddress.IPv6Loopback))
            return "a loopback address";
        var high = BinaryPrimitives.ReadUInt64BigEndian(b);
        var low = BinaryPrimitives.ReadUInt64BigEndian(b[8..]);
        var v4 = BinaryPrimitives.ReadUInt32BigEndian(b[12..]);
        if (high == 0 && low >> 32 == 0xFFFF)
            return Embedded("IPv4-mapped", v4);
        if (high == 0 && low >> 32 == 0)
            return Embedded("IPv4-compatible", v4);
        if (high == 0 && low >> 32 == 0xFFFF_0000)
            return Embedded("IPv4-translated", v4);
        if (high == 0x0064_FF9B_0000_0000 && low >> 32 == 0)
            return Embedded("NAT64", v4);
        if (b[0] == 0x20 && b[1] == 0x02)
            return Embedded("6to4", BinaryPrimitives.ReadUInt32BigEndian(b[2..]));
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
            return "a link-local address (fe80::/10)";
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
            return "a site-local address (fec0::/10)";
        if ((b[0] & 0xFE) == 0xFC)
            return "a unique-local address (fc00::/7)";
        if (b[0] == 0xFF)
            return "a multicast address";
        return null;
    }

    /// <summary>
    /// Reads a URL host as an IP literal: IPv6 with or without brackets, IPv4 in any spelling a resolver accepts
    /// (<c>127.0.0.1</c>, <c>127.1</c>, <c>2130706433</c>, <c>0177.0.0.1</c>, <c>0x7f.0.0.1</c>, <c>0x7f000001</c>).
    /// False for a DNS name.
    /// </summary>
    public static bool TryParseLiteral(string host, out IPAddress address)
    {
        address = IPAddress.None;
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        if (host.Contains(':'))
        {
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
            address = v6;
            return true;
        }
        if (!TryParseV4(host, out var value))
            return false;
        address = new IPAddress(BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
        return true;
    }

    private static string? RefusalV4(uint value)
    {
        foreach (var (network, prefix, kind) in RefusedV4)
        {
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            if ((value & mask) == network)
                return kind;
        }
        return null;
    }

    private static string? Embedded(string form, uint v4) =>
        RefusalV4(v4) is { } kind ? $"the {form} form of {ToV4(v4)}, {kind}" : null;

    private static IPAddress ToV4(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    // inet_aton / WHATWG rules: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the rest.
    private static bool TryParseV4(string host, out uint value)
    {
        value = 0;
        if (host.EndsWith('.'))
            host = host[..^1];
        var parts = host.Split('.');
        if (host.Length == 0 || parts.Length > 4)
            return false;
        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out numbers[i]))
                return false;
        }
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
                return false;
            value |= (uint)numbers[i] << (24 - 8 * i);
        }
        var last = numbers[^1];
        if (last >= 1UL << (8 * (5 - numbers.Length)))
            return false;
        value |= (uint)last;
        return true;
    }

    private static bool TryParsePart(string part, out ulong number)
    {
        number = 0;
        if (part.Length == 0)
            return false;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return part.Length == 2 || (part.Length <= 18 && ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number));
        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part)
            {
                if (c is < '0' or > '7' || number > uint.MaxValue)
                    return false;
                number = number * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
