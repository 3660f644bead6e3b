using System.Net;

namespace QanDu.Dashboard.Hosting;

/// <summary>The reverse proxies in front of the app, bound from the <c>Proxy</c> section (docs/configuration.md).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses of proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: the client address
    /// they name is the one sign-in limits count. Empty: the connection's own address counts, whatever the headers say.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public bool AllAreAddresses() => TrustedProxies.All(p => IPAddress.TryParse(p, out _));
}
