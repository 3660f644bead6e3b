using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Assistant.Feedback;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Local;

namespace QanDu.Dashboard.Hosting;

internal static class AssistantRegistration
{
    /// <summary>
    /// The assistant in AI threads. A configured remote provider registers its <see cref="IChatClient"/> first;
    /// otherwise the built-in offline assistant answers.
    /// </summary>
    public static WebApplicationBuilder AddAssistant(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnswerFinder>();
        services.AddSingleton<ThreadSummarizer>();
        services.TryAddSingleton<IChatClient, LocalChatClient>();
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<AssistantService>();
        services.AddHostedService(sp => sp.GetRequiredService<AssistantService>());
        return builder;
    }
}
