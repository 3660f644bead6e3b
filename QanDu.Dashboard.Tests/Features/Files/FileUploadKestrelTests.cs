using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Tests.Browser;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>On the real server (Kestrel, a real socket): a declared size over the limit is answered before any body is sent.</summary>
public sealed class FileUploadKestrelTests : IAsyncLifetime
{
    private readonly DashboardHost _host = new(new Dictionary<string, string?>
    {
        ["Demo:SeedOnEmptyDatabase"] = "false",
        ["Files:MaxFileBytes"] = "1048576",
    });

    public Task InitializeAsync()
    {
        _host.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Upload_ContentLengthOverLimit_413ArrivesWhileNoBodyByteWasSent()
    {
        var key = await ApiKeyAsync();
        using var socket = new TcpClient();
        await socket.ConnectAsync(_host.BaseAddress.Host, _host.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /api/chat/files HTTP/1.1\r\nHost: {_host.BaseAddress.Authority}\r\nAuthorization: Bearer {key}\r\n" +
                   "X-File-Name: backup.zip\r\nContent-Type: application/zip\r\nContent-Length: 52428800\r\n\r\n";

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Not one byte of the 50 MB body is sent: the answer must come from the headers alone.
        var buffer = new byte[8192];
        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!received.ToString().Contains("per file.", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
                break;
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var response = received.ToString();
        response.Should().StartWith("HTTP/1.1 413");
        response.Should().Contain("application/problem+json").And.Contain("backup.zip is larger than the limit of 1 MB per file.");
    }

    private async Task<string> ApiKeyAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<QanDu.Dashboard.Data.Entities.AppUser>>();
        var user = new QanDu.Dashboard.Data.Entities.AppUser { UserName = "kestrel@test.local", Email = "kestrel@test.local", DisplayName = "Kestrel Agent", CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user)).Succeeded.Should().BeTrue();
        await users.AddToRoleAsync(user, Roles.Agent);
        return (await _host.Services.GetRequiredService<ApiKeyService>().CreateAsync(user.Id, "kestrel test")).Secret;
    }
}
