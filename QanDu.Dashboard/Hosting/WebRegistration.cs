using QanDu.Dashboard.Features.Webhooks;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using MudBlazor.Services;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Account.SingleSignOn;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Assistant.Summaries;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Health;
using QanDu.Dashboard.Features.HelpCenter;
using QanDu.Dashboard.Features.Integrations;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Privacy;
using QanDu.Dashboard.Features.Retention;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Features.Telemetry;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.TwoFactor;
using QanDu.Dashboard.Features.Profile;


using QanDu.Dashboard.Features.Messages;

using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Reports;

using QanDu.Dashboard.Features.Users;

using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Features.WidgetFrame;

namespace QanDu.Dashboard.Hosting;

internal static class WebRegistration
{
    public static WebApplicationBuilder AddWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Malformed JSON and missing parameters throw, so the exception handler can say what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = ApiReference.Title;
            document.Info.Description = "The REST API of QanDu Chat Dashboard. Sign in, or send a personal API key as 'Authorization: Bearer qdk_…'.";
            return Task.CompletedTask;
        }));
        services.AddApiRateLimits();
        // The real-time API (/hubs/chat) speaks the REST API's JSON: camelCase names, enums as camelCase strings.
        services.AddSignalR()
            .AddJsonProtocol(o =>
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)))
            .AddHubOptions<ChatHub>(o =>
            {
                o.AddFilter<IntegrationHubErrors>();
                o.AddFilter<HubPostRateLimit>(); // messages sent on the hub count against the REST API's post limits
            });
        services.AddSingleton<HubPostRateLimit>();
        builder.AddTls(); // Kestrel HTTPS from Tls:CertificatePath, HSTS, Secure cookies
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AllAreAddresses(), "Proxy:TrustedProxies must list IP addresses, e.g. [\"127.0.0.1\", \"::1\"] (docs/configuration.md).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.TrustedProxies)
                o.KnownProxies.Add(IPAddress.Parse(address));
        });
        return builder;
    }

    public static async Task InitializeAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(seedDemo: true, app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseForwardedHeaders(); // the client's address and scheme, from trusted proxies only (Proxy:TrustedProxies)
        app.UseExceptionHandler();
        app.UseSecurityHeaders();
        // An address that matches no page shows the app's own not-found page, still with status 404. Before the API's
        // status pages, so API requests keep theirs (problem details); other bodiless errors keep their status as they
        // were. (Not in a UseWhen branch: a branch has no routing of its own, so the re-executed /not-found would match
        // nothing.)
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            var pages = context.Features.Get<IStatusCodePagesFeature>();
            if (pages is not null && ApiErrors.IsApi(context.Request))
                pages.Enabled = false;
            await next(context);
            if (pages is not null && context.Response.StatusCode != StatusCodes.Status404NotFound)
                pages.Enabled = false;
        });
        app.UseApiErrors();
        app.UseTls(); // HSTS, and with Tls:CertificatePath the redirect from http to https
        app.UseAuthentication();
        app.UseCrossSiteRequestGuard(); // every unsafe request signed in by the cookie carries an antiforgery token
        app.UseLastSeen(); // after the guard: a forged cross-site request is not the person being there
        app.UseRateLimiter(); // the API's per-person, per-key and per-address limits (ApiRateLimits)
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseWidgetGuard(); // the visitor surface: allowed origins of the visitor's channel, 64 KB JSON bodies

        // The allowlist of what answers without sign-in: static files, health, the API description and its readable
        // reference, sign-in itself, the visitor API, the widget's frame and the public help center.
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealth(); // /health (anonymous, the state only) and /health/details (admins)
        app.MapMetrics(); // /metrics when Metrics:Prometheus:Enabled: allowed addresses or the token only, else 404
        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        app.MapAccountEndpoints();
        app.MapSingleSignOn();
        app.MapMessageApi();
        app.MapThreadApi();
        app.MapReadStateApi();
        app.MapUserApi();
        app.MapPresenceApi();
        app.MapFileApi();
        app.MapLabelApi();
        app.MapPeopleApi();
        app.MapSearchApi();
        app.MapReactionApi();
        app.MapAssistantApi();
        app.MapSuggestionApi();
        app.MapSummaryApi();
        app.MapAssistantSettingsApi();
        app.MapFeedbackApi();
        app.MapIntentApi();
        app.MapTwoFactorApi();
        app.MapProfileEndpoints();
        app.MapTeamApi();
        app.MapChannelApi();
        app.MapSlaPolicyApi();
        app.MapAuditApi();
        app.MapBackupApi();
        app.MapReportApi();
        app.MapCannedResponseApi();
        app.MapKnowledgeApi();
        app.MapWebhookAllowListApi(); // the hosts webhooks may reach on private addresses
        app.MapHub<ChatHub>(ChatHub.Path).RequireAuthorization();
        app.MapContactApi();
        app.MapWebhookApi();
        app.MapPrivacyApi(); // a contact's export and erasure (admins)
        app.MapRetentionApi();
        app.MapWidgetApi(); // the visitor API and hub: anonymous, scoped by visitor token
        app.MapHelpCenter(); // the public help center (/help): anonymous, published public articles only
        app.MapWidgetFrame(); // the website widget's frame (framable by the channel's origins) and demo host page
        // The page policy (SecurityHeaders) carries frame-ancestors itself, so Blazor's own header is not added twice.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
