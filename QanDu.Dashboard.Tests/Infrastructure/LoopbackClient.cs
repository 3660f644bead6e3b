using System.Net;
using System.Net.Sockets;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// HTTP clients that connect to the app on 127.0.0.1 from another loopback address (127.0.0.2, 127.0.0.3…), so the
/// app sees requests from different client addresses, as from different machines. Cookies are sent by hand.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(Uri app, string clientAddress)
    {
        var local = IPAddress.Parse(clientAddress);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = app };
    }
}
