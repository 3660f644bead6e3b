using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using QanDu.Dashboard.Hosting;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// HTTPS without a proxy, on the app as an admin runs it (its own process, real sockets): a self-signed certificate made
/// here, as PEM (certificate and key) or PFX (with a password from the environment); the answer carries HSTS and Secure
/// cookies, plain http redirects; a wrong password, a missing file or a key of another certificate stop start-up
/// naming the setting.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private const string Host = "qandu.test";
    private const string PfxPassword = "pfx-password";
    private readonly TempDataFolder _folder = new();
    private readonly X509Certificate2 _certificate;

    public TlsTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CertPem, _certificate.ExportCertificatePem());
        File.WriteAllText(KeyPem, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Pfx, _certificate.Export(X509ContentType.Pkcs12, PfxPassword));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(OtherKeyPem, otherKey.ExportPkcs8PrivateKeyPem());
    }

    private string CertPem => Path.Combine(_folder.Path, "cert.pem");
    private string KeyPem => Path.Combine(_folder.Path, "key.pem");
    private string OtherKeyPem => Path.Combine(_folder.Path, "other-key.pem");
    private string Pfx => Path.Combine(_folder.Path, "cert.pfx");

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
        _certificate.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Https_CertificateFile_ServesWithHstsSecureCookiesAndRedirectsHttp(string format)
    {
        var (https, http) = (FreePort(), FreePort());
        var settings = format == "pem"
            ? new Dictionary<string, string> { ["Tls__CertificatePath"] = CertPem, ["Tls__KeyPath"] = KeyPem }
            : new Dictionary<string, string> { ["Tls__CertificatePath"] = Pfx, ["Tls__CertificatePassword"] = PfxPassword };
        settings["Urls"] = $"https://127.0.0.1:{https};http://127.0.0.1:{http}";
        var app = StartApp(settings); // stopped on dispose
        using var client = TrustingClient(new Uri($"https://{Host}:{https}"));
        await WaitUntilAnsweringAsync(client, app);

        using var page = await client.GetAsync("/account/login");
        using var plain = await TrustingClient(new Uri($"http://127.0.0.1:{http}")).GetAsync("/account/login");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=31536000");
        var cookies = page.Headers.GetValues("Set-Cookie").ToList();
        cookies.Should().NotBeEmpty("the sign-in form sets the antiforgery cookie");
        cookies.Should().OnlyContain(c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        plain.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        plain.Headers.Location.Should().Be(new Uri($"https://127.0.0.1:{https}/account/login"));
    }

    [Theory]
    [InlineData("wrong password", "Tls:CertificatePassword: the PFX file")]
    [InlineData("missing file", "Tls:CertificatePath: there is no certificate file at")]
    public async Task Start_UnusableCertificate_StopsNamingTheSetting(string problem, string message)
    {
        var settings = new Dictionary<string, string>
        {
            ["Tls__CertificatePath"] = problem == "missing file" ? Path.Combine(_folder.Path, "nowhere.pfx") : Pfx,
            ["Tls__CertificatePassword"] = "not-the-password",
            ["Urls"] = $"https://127.0.0.1:{FreePort()}",
        };

        var run = await AppProcess.RunAsync(Path.Combine(_folder.Path, "data"), [], TimeSpan.FromSeconds(240), settings);

        run.ExitCode.Should().NotBeNull("start-up stops at once: {0}", run).And.NotBe(0);
        run.Error.Should().Contain(message).And.Contain("HTTPS without a proxy");
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_NamesTheKeySetting()
    {
        var act = () => TlsCertificate.Load(new TlsOptions { CertificatePath = CertPem, KeyPath = OtherKeyPem });

        act.Should().Throw<TlsConfigurationException>().WithMessage($"Tls:KeyPath: the key in {OtherKeyPem} does not match the certificate in {CertPem}*");
    }

    [Fact]
    public void Load_PemWithItsKey_TheCertificateWithItsPrivateKey()
    {
        using var loaded = TlsCertificate.Load(new TlsOptions { CertificatePath = CertPem, KeyPath = KeyPem });

        loaded.Thumbprint.Should().Be(_certificate.Thumbprint);
        loaded.HasPrivateKey.Should().BeTrue();
    }

    private Process StartApp(Dictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "QanDu.Dashboard.dll"));
        info.Environment["Storage__DataDirectory"] = Path.Combine(_folder.Path, "data");
        info.Environment["Demo__SeedOnEmptyDatabase"] = "false";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings)
            info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _started.Add(process);
        return process;
    }

    private readonly System.Text.StringBuilder _errors = new();
    private readonly List<Process> _started = [];

    private async Task WaitUntilAnsweringAsync(HttpClient client, Process app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(300); // migrating a new database on a busy 2-core machine took over 80 s
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("/health");
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !app.HasExited)
            {
                await Task.Delay(250);
            }
            catch (HttpRequestException e)
            {
                lock (_errors)
                    throw new InvalidOperationException($"The app did not answer over https (exited: {app.HasExited}): {_errors}", e);
            }
        }
    }

    /// <summary>A client that trusts this test's certificate only, and reaches qandu.test at 127.0.0.1.</summary>
    private HttpClient TrustingClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.GetCertHashString() },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
