using QanDu.Dashboard.Features.HelpCenter;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.AiSettings;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.CannedResponses;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Integrations;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Presence;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.TwoFactor;
using QanDu.Dashboard.Features.Profile;
using QanDu.Dashboard.Features.Users;
using QanDu.Dashboard.Features.Sla;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Features.Operations;
using QanDu.Dashboard.Features.Backups;
using QanDu.Dashboard.Features.Webhooks;
using QanDu.Dashboard.Features.Telemetry;
using QanDu.Dashboard.Features.Health;
using QanDu.Dashboard.Features.Privacy;
using QanDu.Dashboard.Features.Retention;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

using QanDu.Dashboard.Features.Access;

using QanDu.Dashboard.Features.Messages;

using QanDu.Dashboard.Features.ReadState;
using QanDu.Dashboard.Features.Widget;


namespace QanDu.Dashboard.Hosting;

internal static class ChatRegistration
{
    /// <summary>The shared infrastructure (clock, event bus, Markdown), then every feature, each registering itself.</summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IChatEvents, InProcessChatEvents>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<UserTime>();
        services.AddScoped<DatabaseInitializer>();
        builder.AddAccess()
            .AddFiles()
            .AddReactions()
            .AddLabels()
            .AddTeams()
            .AddChannels()
            .AddContacts()
            .AddWidget()
            .AddAudit()
            .AddPresence()
            .AddUsers()
            .AddPeople()
            .AddMessages()
            .AddReadState()
            .AddThreads()
            .AddSearch()
            .AddKnowledge()
            .AddHelpCenter()
            .AddAiSettings()
            .AddAssistant()
            .AddAnalysis()
            .AddTwoFactor()
            .AddProfile()
            .AddIntegrations()
            .AddCannedResponses()
            .AddSla()
            .AddMonitoring()
            .AddReports()
            .AddOperations()
            .AddBackups()
            .AddWebhooks()
            .AddTelemetry()
            .AddHealth()
            .AddRetention()
            .AddPrivacy()
            .AddDemo();
        return builder;
    }
}
