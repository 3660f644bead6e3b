using System.ComponentModel.DataAnnotations;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>Which model answers: the built-in offline assistant, Azure OpenAI, or any OpenAI-compatible server.</summary>
public enum AiProviderKind
{
    Local,
    AzureOpenAI,
    OpenAI,
}

/// <summary>The AI provider, bound from the <c>Ai</c> section (README: AI providers). Keys come from environment variables or user-secrets only.</summary>
public sealed class AiOptions
{
    public const string Section = "Ai";

    /// <summary><c>Local</c> (default, offline, no key), <c>AzureOpenAI</c> or <c>OpenAI</c> (OpenAI, Ollama, vLLM, LM Studio...).</summary>
    public AiProviderKind Provider { get; set; } = AiProviderKind.Local;

    /// <summary>Settings used when <see cref="Provider"/> is <c>AzureOpenAI</c>.</summary>
    public AzureOpenAiSettings AzureOpenAI { get; set; } = new();

    /// <summary>Settings used when <see cref="Provider"/> is <c>OpenAI</c>.</summary>
    public OpenAiSettings OpenAI { get; set; } = new();

    /// <summary>Longest wait for a whole non-streamed answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Longest wait for the first token of a streamed answer; after it, the answer may take as long as it needs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries on 429, 5xx and connection failures, only before the first token arrived.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay (doubled per retry) when the provider gives no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait between retries; a Retry-After beyond it fails at once with the time to wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public AiProviderInfo Describe() => Provider switch
    {
        AiProviderKind.AzureOpenAI => new("Azure OpenAI", AzureOpenAI.Deployment, IsLocal: false, AzureOpenAI.Endpoint),
        AiProviderKind.OpenAI => new("OpenAI-compatible", OpenAI.Model, IsLocal: false, OpenAI.Endpoint),
        _ => new("Built-in offline assistant", null, IsLocal: true, null),
    };
}

public sealed class AzureOpenAiSettings
{
    /// <summary>The resource endpoint, e.g. <c>https://my-resource.openai.azure.com/</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The deployment name (it selects the model).</summary>
    public string? Deployment { get; set; }

    /// <summary>The key; set it through <c>Ai__AzureOpenAI__ApiKey</c> or user-secrets, never in appsettings.json.</summary>
    public string? ApiKey { get; set; }
}

public sealed class OpenAiSettings
{
    /// <summary>The API base, e.g. <c>https://api.openai.com/v1</c> or <c>http://127.0.0.1:11434/v1</c> (Ollama).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name, e.g. <c>gpt-4o-mini</c> or <c>llama3.1</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Optional key; set it through <c>Ai__OpenAI__ApiKey</c> or user-secrets, never in appsettings.json.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Which provider and model is active, for the UI ("answered by ...") and health.</summary>
public sealed record AiProviderInfo(string Name, string? Model, bool IsLocal, string? Endpoint);
