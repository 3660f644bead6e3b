using QanDu.Dashboard.Components;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Assistant.Settings;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Demo;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Presence;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Users;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Rendering;

namespace QanDu.Dashboard.Hosting;

internal static class ChatRegistration
{
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton(TimeProvider.System);
        // The AI provider (Azure OpenAI / OpenAI-compatible); register the offline Local IChatClient after this call with TryAddSingleton.
        services.AddAiProvider(builder.Configuration);
        services.AddSingleton<IChatEvents, InProcessChatEvents>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<FileStore>();
        services.AddHostedService<UploadCleanup>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<ReactionService>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<PresenceService>();
        services.AddSingleton<TypingService>();
        services.AddScoped<PresenceFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, PresenceCircuitHandler>());
        services.AddSingleton<LabelService>();
        services.AddSingleton<AssistantSettingsStore>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<KnowledgeService>();
        services.AddSingleton<KnowledgeRetriever>();
        services.AddSingleton<ApiKeyService>();
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MessageAnalyzer>();
        services.AddHostedService<AnalysisWorker>();
        services.AddSingleton<IntentCorrectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<IntentCorrectionService>());
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<UserTime>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        builder.AddAssistant();
        return builder;
    }
}
