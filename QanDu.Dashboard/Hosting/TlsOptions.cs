using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Hosting;

/// <summary>HTTPS served by the app itself, bound from the <c>Tls</c> section (docs/operations.md, "HTTPS without a proxy").</summary>
public sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>The certificate: a PEM file (with <see cref="KeyPath"/>, or the key in the same file) or a PFX file. Unset: no TLS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of the certificate, when it is not inside <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX file's password (or an encrypted PEM key's); set it in the environment (<c>Tls__CertificatePassword</c>), never in a file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>How long browsers remember to use only HTTPS (the HSTS max-age), in days; 0 sends no HSTS header.</summary>
    [Range(0, 730, ErrorMessage = "Tls:HstsMaxAgeDays must be between 0 (no HSTS) and 730 days (docs/operations.md).")]
    public int HstsMaxAgeDays { get; set; } = 365;

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
