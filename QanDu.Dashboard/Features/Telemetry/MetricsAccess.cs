using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace QanDu.Dashboard.Features.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: a client address in <see cref="PrometheusOptions.AllowedAddresses"/> (loopback by
/// default), or anyone with <see cref="PrometheusOptions.Token"/> as a bearer token. Anyone else gets the app's plain
/// not-found answer, so the endpoint does not announce itself.
/// </summary>
internal sealed class MetricsAccess(IOptions<PrometheusOptions> options)
{
    private readonly IReadOnlyList<System.Net.IPNetwork> _networks = options.Value.Networks();
    private readonly byte[]? _tokenHash = options.Value.Token is { Length: > 0 } token ? Hash(token) : null;

    public bool Allows(HttpContext context) => HasToken(context.Request) || FromAllowedAddress(context);

    private bool HasToken(HttpRequest request)
    {
        const string bearer = "Bearer ";
        if (_tokenHash is null)
            return false;
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
               && CryptographicOperations.FixedTimeEquals(Hash(header[bearer.Length..].Trim()), _tokenHash);
    }

    private bool FromAllowedAddress(HttpContext context)
    {
        // The forwarded-headers middleware has already put a trusted proxy's client address here. A forwarded header
        // still present came through a proxy that is not trusted: the address is the proxy's, not the scraper's.
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Connection.RemoteIpAddress is not { } address)
            return false;
        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(n => n.Contains(address));
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
