using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QanDu.Dashboard.Features.Assistant;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Assistant.Customers;
using QanDu.Dashboard.Features.Assistant.Feedback;
using QanDu.Dashboard.Features.Assistant.Local;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Features.Assistant.Privacy;
using QanDu.Dashboard.Features.Assistant.Suggestions;
using QanDu.Dashboard.Features.Assistant.Summaries;
using QanDu.Dashboard.Features.Assistant.Tools;

namespace QanDu.Dashboard.Features.Assistant;

public static class AssistantRegistration
{
    /// <summary>
    /// The assistant in AI threads. A configured remote provider registers its <see cref="IChatClient"/> first;
    /// otherwise the built-in offline assistant answers.
    /// </summary>
    public static WebApplicationBuilder AddAssistant(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The AI provider (Azure OpenAI / OpenAI-compatible) first; the offline Local client below only if none was registered.
        services.AddAiProvider(builder.Configuration);
        services.AddSingleton<AiReplyStore>();
        services.AddOptions<AssistantOptions>().BindConfiguration(AssistantOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnswerFinder>();
        services.AddSingleton<KnowledgeAnswerer>();
        services.AddSingleton<TranscriptReader>();
        services.AddSingleton<ThreadSummarizer>();
        services.AddSingleton<CustomerAnswerer>();
        services.AddSingleton<CustomerContextBuilder>();
        services.AddSingleton<CustomerHandOff>();
        services.AddSingleton<CustomerReplies>();
        services.AddSingleton<ConversationSummaries>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<AssistantKnowledge>();
        services.AddSingleton<AssistantContextBuilder>();
        services.AddSingleton<ToolApprovalService>();
        services.AddSingleton<AssistantTools>();
        services.TryAddSingleton<IChatClient>(sp =>
            AiRegistration.Metered(ActivatorUtilities.CreateInstance<LocalChatClient>(sp), sp, AiProviderKind.Local));
        services.AddSingleton<FeedbackService>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<AssistantService>();
        services.AddSingleton<SuggestionService>();
        services.AddSingleton<SuggestionSources>();
        services.AddSingleton<ResolvedAnswers>();
        services.AddSingleton<ContactMentions>();
        services.AddHostedService(sp => sp.GetRequiredService<AssistantService>());
        services.AddHostedService(sp => sp.GetRequiredService<CustomerReplies>()); // first replies to customers
        return builder;
    }
}
