using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QanDu.Dashboard.Hosting;

/// <summary>A TLS setting that cannot work; the message names the setting, so start-up says what to fix.</summary>
public sealed class TlsConfigurationException(string message) : Exception(message);

/// <summary>Loads the certificate named by <c>Tls:*</c>, failing with the setting to fix: a missing file, a wrong password, a key that does not match.</summary>
public static class TlsCertificate
{
    private const string Docs = "(docs/operations.md, \"HTTPS without a proxy\")";

    public static X509Certificate2 Load(TlsOptions tls)
    {
        var path = Path.GetFullPath(tls.CertificatePath ?? throw new TlsConfigurationException($"Tls:CertificatePath is not set {Docs}."));
        if (!File.Exists(path))
            throw new TlsConfigurationException($"Tls:CertificatePath: there is no certificate file at {path} {Docs}.");
        var certificate = IsPem(path) ? LoadPem(path, tls) : LoadPfx(path, tls.CertificatePassword);
        if (!certificate.HasPrivateKey)
            throw new TlsConfigurationException($"Tls:CertificatePath: {path} holds no private key; give a PFX with its key, or set Tls:KeyPath {Docs}.");
        // Through PKCS#12 once more, so the key is usable by the TLS stack on every platform (a PEM key is ephemeral on Windows).
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static bool IsPem(string path)
    {
        using var reader = new StreamReader(path);
        var start = new char[64];
        var read = reader.Read(start, 0, start.Length);
        return new string(start, 0, read).TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal);
    }

    private static X509Certificate2 LoadPem(string path, TlsOptions tls)
    {
        var keyPath = string.IsNullOrWhiteSpace(tls.KeyPath) ? null : Path.GetFullPath(tls.KeyPath);
        if (keyPath is not null && !File.Exists(keyPath))
            throw new TlsConfigurationException($"Tls:KeyPath: there is no key file at {keyPath} {Docs}.");
        var keySetting = keyPath is null ? "Tls:KeyPath (the key is not in the certificate file)" : "Tls:KeyPath";
        try
        {
            return string.IsNullOrEmpty(tls.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, tls.CertificatePassword, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new TlsConfigurationException(
                $"{keySetting}: the key in {keyPath ?? path} does not match the certificate in {path}, or cannot be read" +
                $"{(string.IsNullOrEmpty(tls.CertificatePassword) ? "" : " with Tls:CertificatePassword")} ({ex.Message}) {Docs}.");
        }
    }

    private static X509Certificate2 LoadPfx(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new TlsConfigurationException(
                $"Tls:CertificatePassword: the PFX file {path} cannot be opened: the password is wrong or missing, or it is not a PFX file ({ex.Message}) {Docs}.");
        }
    }
}
