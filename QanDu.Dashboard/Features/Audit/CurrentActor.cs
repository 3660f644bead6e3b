using System.Net;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>
/// The person of this circuit as the audit log names them, with the address their browser connected from (read once,
/// when the circuit's scope starts on its connection's request).
/// </summary>
public sealed class CurrentActor(CurrentUser currentUser, IHttpContextAccessor http)
{
    private readonly IPAddress? _address = http.HttpContext?.Connection.RemoteIpAddress;

    public async Task<AuditActor> GetAsync() => AuditActor.From(await currentUser.GetAsync(), _address);
}
