using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace QanDu.Dashboard.Features.Widget;

public static class WidgetRegistration
{
    /// <summary>The visitor API and hub: their services, the visitor-token sign-in and its policy, the hub's per-connection limits.</summary>
    public static WebApplicationBuilder AddWidget(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<VisitorTokens>();
        services.AddSingleton<VisitorService>();
        services.AddSingleton<CustomerConversations>();
        services.AddSingleton<CustomerFeedback>(); // the widget's "Was this helpful?" and "Talk to a person"
        services.AddSingleton<VisitorMessages>();
        services.AddSingleton<WidgetConnections>();
        services.AddSingleton<WidgetHubLimits>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, VisitorAuthenticationHandler>(VisitorAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(VisitorAuthenticationHandler.PolicyName, policy => policy
            .AddAuthenticationSchemes(VisitorAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(VisitorAuthenticationHandler.ContactClaim));
        services.AddSignalR().AddHubOptions<WidgetHub>(o =>
        {
            o.AddFilter<WidgetHubLimits>();
            o.MaximumReceiveMessageSize = 8 * 1024; // a typing preview and a page title, nothing larger
        });
        return builder;
    }
}
