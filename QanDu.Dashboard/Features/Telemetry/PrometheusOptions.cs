using System.Net;

namespace QanDu.Dashboard.Features.Telemetry;

/// <summary>The Prometheus scraping endpoint <c>/metrics</c>, bound from <c>Metrics:Prometheus</c> (docs/operations.md).</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Metrics:Prometheus";
    public const string Path = "/metrics";

    /// <summary>Serve <c>/metrics</c>. Off by default: the figures say how busy the install is.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Client addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/24</c>) that may scrape without a token; empty means
    /// loopback only. Behind a reverse proxy the address is the forwarded client's, from <c>Proxy:TrustedProxies</c>.
    /// </summary>
    public string[] AllowedAddresses { get; set; } = [];

    /// <summary>
    /// A secret that lets any address scrape when sent as <c>Authorization: Bearer …</c>. Set it through
    /// <c>Metrics__Prometheus__Token</c> or user-secrets, never in appsettings.json.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The networks that may scrape without a token: the configured ones, else loopback.</summary>
    public IReadOnlyList<IPNetwork> Networks() =>
        AllowedAddresses.Length == 0
            ? [new IPNetwork(IPAddress.Loopback, 8), new IPNetwork(IPAddress.IPv6Loopback, 128)]
            : [.. AllowedAddresses.Select(Parse)];

    /// <summary>The entries that are neither an address nor a network, for the start-up error.</summary>
    public IEnumerable<string> Unreadable() => AllowedAddresses.Where(a => !TryParse(a, out _));

    private static IPNetwork Parse(string entry) =>
        TryParse(entry, out var network) ? network : throw new FormatException($"'{entry}' is not an IP address or network.");

    private static bool TryParse(string entry, out IPNetwork network)
    {
        entry = entry.Trim();
        if (IPAddress.TryParse(entry, out var address))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(entry, out network);
    }
}
