using Microsoft.Extensions.Options;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Account;

/// <summary>Sign-in limits and trusted proxies that make no sense stop the app at start, naming the setting.</summary>
public sealed class SignInLimitOptionsTests
{
    [Fact]
    public void Start_LockoutLimitNotAboveOneAddressesLimit_StopsNamingBoth()
    {
        using var factory = new DashboardFactory
        {
            Settings = { ["SignIn:AccountAddressFailureLimit"] = "5", ["SignIn:LockoutFailureLimit"] = "5" },
        };

        var act = () => factory.CreateClient();

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("*SignIn:LockoutFailureLimit must be above SignIn:AccountAddressFailureLimit*");
    }

    [Fact]
    public void Start_ZeroAttemptsPerAddress_StopsNamingTheSetting()
    {
        using var factory = new DashboardFactory { Settings = { ["SignIn:AddressLimit"] = "0" } };

        var act = () => factory.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*SignIn:AddressLimit must be between 1 and 100000*");
    }

    [Fact]
    public void Start_TrustedProxyNotAnAddress_StopsNamingTheSetting()
    {
        using var factory = new DashboardFactory { Settings = { ["Proxy:TrustedProxies:0"] = "proxy.example" } };

        var act = () => factory.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Proxy:TrustedProxies must list IP addresses*");
    }
}
