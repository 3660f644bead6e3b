using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenAI;
using QanDu.Dashboard.Features.Assistant.Context;
using QanDu.Dashboard.Features.Operations;

namespace QanDu.Dashboard.Features.Assistant.Providers;

public static class AiRegistration
{
    /// <summary>The ActivitySource and Meter name of the AI pipeline's OpenTelemetry traces and metrics.</summary>
    public const string TelemetrySource = "QanDu.Dashboard.Ai";

    /// <summary>
    /// Binds and validates <c>Ai</c>, registers the active <see cref="AiProviderInfo"/>, the <c>ai</c> health check and, for
    /// a remote provider, the <see cref="IChatClient"/> pipeline: logging, OpenTelemetry, then retries and timeouts.
    /// </summary>
    public static IServiceCollection AddAiProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AiOptions>, AiOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AiOptions>>().Value.Describe());
        services.AddSingleton<AiHealthCheck>();
        services.AddHealthChecks().AddCheck<AiHealthCheck>("ai", failureStatus: HealthStatus.Degraded, tags: ["ai"]);

        var provider = configuration.GetSection(AiOptions.Section).Get<AiOptions>()?.Provider ?? AiProviderKind.Local;
        if (provider == AiProviderKind.Local)
            return services; // the offline Local client is registered after this call (TryAddSingleton<IChatClient, ...>)

        services.AddChatClient(sp => CreateClient(sp.GetRequiredService<IOptions<AiOptions>>().Value))
            .Use((inner, sp) => Metered(inner, sp, provider))
            .UseLogging()
            .UseOpenTelemetry(sourceName: TelemetrySource)
            .Use((inner, sp) => new ResilientChatClient(inner, sp.GetRequiredService<IOptions<AiOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ResilientChatClient>>()));
        return services;
    }

    /// <summary>Wraps a provider's client in the <c>qandu.ai.*</c> metrics (<see cref="MeteredChatClient"/>).</summary>
    public static IChatClient Metered(IChatClient client, IServiceProvider services, AiProviderKind provider) =>
        new MeteredChatClient(client, MeteredChatClient.ProviderName(provider), services.GetRequiredService<QanduMetrics>(),
            services.GetRequiredService<TokenCounter>(), services.GetRequiredService<TimeProvider>());

    private static IChatClient CreateClient(AiOptions options)
    {
        // The SDKs' own retries are off: ours know whether tokens were already delivered.
        var noRetries = new ClientRetryPolicy(maxRetries: 0);
        if (options.Provider == AiProviderKind.AzureOpenAI)
        {
            var azure = options.AzureOpenAI;
            var client = new AzureOpenAIClient(new Uri(azure.Endpoint!), new ApiKeyCredential(azure.ApiKey!),
                new AzureOpenAIClientOptions { RetryPolicy = noRetries, NetworkTimeout = options.Timeout });
            return client.GetChatClient(azure.Deployment!).AsIChatClient();
        }
        var openAi = options.OpenAI;
        // Local servers (Ollama, vLLM, LM Studio) need no key, but the client insists on one.
        var openAiClient = new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(openAi.ApiKey) ? "unused" : openAi.ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(openAi.Endpoint!), RetryPolicy = noRetries, NetworkTimeout = options.Timeout });
        return openAiClient.GetChatClient(openAi.Model!).AsIChatClient();
    }
}
