using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary>Invitation email through a real SMTP server on loopback; the link in it works.</summary>
public sealed class EmailTests
{
    [Fact]
    public async Task InviteAsync_EmailConfigured_InvitationArrivesWithALinkThatWorks()
    {
        await using var smtp = new LoopbackSmtpServer();
        await using var app = new DashboardFactory { Settings = Smtp(smtp.Port) };
        var admin = await app.CreateUserAsync("Mail Admin", Roles.Admin);

        var invitation = await app.People().InviteAsync(admin, new InviteRequest("nia@example.com", "Nia Newcomer", "Agent"), PeopleTestKit.AppUri);

        invitation.Link.Email.Should().Be(EmailDelivery.Sent);
        var mail = await smtp.NextAsync();
        mail.To.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "Nia Newcomer", Address = "nia@example.com" });
        mail.From.Mailboxes.Single().Address.Should().Be("support@example.com");
        mail.Subject.Should().Be("You are invited to your team's QanDu inbox");
        var url = mail.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("http://127.0.0.1:5080/account/invite/", StringComparison.Ordinal));
        url.Should().Be(invitation.Link.Url);
        await app.Links().UseAsync(PeopleTestKit.TokenOf(url), OneTimeLinkPurpose.Invitation, PeopleTestKit.GoodPassword, null);
        (await app.HasPasswordAsync(invitation.Person.Id, PeopleTestKit.GoodPassword)).Should().BeTrue();
    }

    [Fact]
    public async Task InviteAsync_SmtpServerDown_InvitedAnywayAndTheAdminIsToldToPassTheLinkOn()
    {
        int closedPort;
        await using (var gone = new LoopbackSmtpServer())
            closedPort = gone.Port;
        await using var app = new DashboardFactory { Settings = Smtp(closedPort) };
        var admin = await app.CreateUserAsync("Down Admin", Roles.Admin);

        var invitation = await app.People().InviteAsync(admin, new InviteRequest("odo@example.com", "Odo Offline", "Agent"), PeopleTestKit.AppUri);

        invitation.Link.Email.Should().Be(EmailDelivery.Failed);
        invitation.Link.EmailError.Should().NotBeNullOrEmpty();
        invitation.Person.Status.Should().Be(PersonStatus.Invited, "the invitation stands; only the email failed");
    }

    [Fact]
    public void EmailOptions_HostWithoutSender_StartupFailsNamingEmailFrom()
    {
        using var app = new DashboardFactory { Settings = new() { ["Email:Host"] = "127.0.0.1" } };

        var start = () => app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;

        start.Should().Throw<OptionsValidationException>().WithMessage("*Email:From must be a sender address*docs/configuration.md*");
    }

    private static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:From"] = "QanDu <support@example.com>",
        ["Email:Security"] = "None",
        ["Email:Timeout"] = "00:00:05",
    };
}
