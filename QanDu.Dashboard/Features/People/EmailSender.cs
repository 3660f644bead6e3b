using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace QanDu.Dashboard.Features.People;

/// <summary>Sends plain-text email through the configured SMTP server (MailKit), one connection per message.</summary>
public sealed class EmailSender(IOptions<EmailOptions> options, ILogger<EmailSender> logger)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Sends; null when sent, else why not (logged, and shown to the admin so they pass the link on themselves).</summary>
    public async Task<string?> TrySendAsync(string toName, string toAddress, string subject, string body, CancellationToken ct = default)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
            return "email is not set up";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From!));
        message.To.Add(new MailboxAddress(toName, toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        try
        {
            using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
            await client.ConnectAsync(settings.Host!, settings.Port, Security(settings), ct);
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not send \"{Subject}\" to {To} through {Host}:{Port}", subject, toAddress, settings.Host, settings.Port);
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static SecureSocketOptions Security(EmailOptions settings) => settings.Security switch
    {
        EmailSecurity.None => SecureSocketOptions.None,
        EmailSecurity.StartTls => SecureSocketOptions.StartTls,
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
