using System.Net;
using System.Net.Sockets;

namespace QanDu.Dashboard.Features.Webhooks;

/// <summary>Why a webhook target may not be reached (or could not be found); <see cref="Outcome"/> is the result's word.</summary>
internal sealed class WebhookTargetException(string outcome, string message) : Exception(message)
{
    public string Outcome { get; } = outcome;
}

/// <summary>
/// Resolves a webhook host and applies the SSRF rule to every address it resolves to, unless an admin allowed the host.
/// The sender calls it before each request (for a clear answer) and again inside the connection callback, where the
/// socket then connects only to the addresses just checked: a DNS answer that changes in between cannot slip through.
/// </summary>
internal sealed class WebhookTargets(WebhookAllowList allowList)
{
    public const string AllowHint = "allow the host under Allowed hosts if this receiver is on your network";

    /// <summary>The addresses to connect to, all checked; throws <see cref="WebhookTargetException"/> when refused or unresolved.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var literal = WebhookAddressGuard.TryParseLiteral(host, out var address);
        IPAddress[] addresses;
        if (literal)
            addresses = [address];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException ex)
            {
                throw new WebhookTargetException("unresolved", $"{host} does not resolve ({ex.SocketErrorCode}): check the host name in the URL.");
            }
            if (addresses.Length == 0)
                throw new WebhookTargetException("unresolved", $"{host} resolves to no address: check the host name in the URL.");
        }
        if (await allowList.IsAllowedAsync(host, ct))
            return addresses;
        foreach (var resolved in addresses)
        {
            if (WebhookAddressGuard.Refusal(resolved) is not { } kind)
                continue;
            var what = !literal ? $"{host} resolves to {resolved}, {kind}"
                : string.Equals(host.Trim('[', ']'), resolved.ToString(), StringComparison.OrdinalIgnoreCase) ? $"{resolved} is {kind}"
                : $"{host} is {resolved}, {kind}";
            throw new WebhookTargetException("refused_address", $"{what}; {AllowHint}.");
        }
        return addresses;
    }
}
