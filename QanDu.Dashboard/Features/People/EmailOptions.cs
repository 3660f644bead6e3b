using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace QanDu.Dashboard.Features.People;

/// <summary>How SMTP connections are secured (<c>Email:Security</c>).</summary>
public enum EmailSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    /// <summary>Plain SMTP, no TLS (a relay on the same machine).</summary>
    None,
    /// <summary>STARTTLS, required.</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// Outgoing email (<c>Email:*</c>, docs/configuration.md): invitation and reset links are sent when <see cref="Host"/>
/// is set; without it, the app shows the link for an admin to pass on.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    /// <summary>The SMTP server; empty: email is off.</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Email:Port must be between 1 and 65535 (docs/configuration.md).")]
    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>QanDu &lt;support@example.com&gt;</c>; needed when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>SMTP user; empty: no authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>SMTP password: from the environment (<c>Email__Password</c>) or user-secrets, never appsettings.json.</summary>
    public string? Password { get; set; }

    public EmailSecurity Security { get; set; } = EmailSecurity.Auto;

    /// <summary>How long to wait for the SMTP server.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Email:Timeout must be between 1 second and 5 minutes (docs/configuration.md).")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
            yield break;
        if (string.IsNullOrWhiteSpace(From) || !MailAddress.TryCreate(From, out _))
            yield return new ValidationResult(
                "Email:From must be a sender address such as \"QanDu <support@example.com>\" when Email:Host is set (docs/configuration.md).",
                [nameof(From)]);
        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
            yield return new ValidationResult(
                "Email:UserName is set but Email:Password is not: set it in the environment as Email__Password (docs/configuration.md).",
                [nameof(Password)]);
    }
}
