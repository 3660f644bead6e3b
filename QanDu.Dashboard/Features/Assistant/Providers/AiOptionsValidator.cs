using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Assistant.Providers;

/// <summary>Stops start-up when the chosen provider lacks a setting, or when a key sits in an appsettings file.</summary>
internal sealed class AiOptionsValidator(IConfiguration configuration) : IValidateOptions<AiOptions>
{
    public static readonly string[] KeySettings = ["Ai:AzureOpenAI:ApiKey", "Ai:OpenAI:ApiKey"];

    public ValidateOptionsResult Validate(string? name, AiOptions options)
    {
        var errors = new List<string>();
        foreach (var (key, file) in KeysInAppSettings())
            errors.Add($"{key} is set in {file}; keys must not be stored there. Set it through the environment variable " +
                       $"{key.Replace(":", "__")} or user-secrets instead (README: AI providers).");

        switch (options.Provider)
        {
            case AiProviderKind.AzureOpenAI:
                RequireUrl(errors, "Ai:AzureOpenAI:Endpoint", options.AzureOpenAI.Endpoint, "AzureOpenAI");
                Require(errors, "Ai:AzureOpenAI:Deployment", options.AzureOpenAI.Deployment, "AzureOpenAI");
                Require(errors, "Ai:AzureOpenAI:ApiKey", options.AzureOpenAI.ApiKey, "AzureOpenAI",
                    " (set it through the environment variable Ai__AzureOpenAI__ApiKey or user-secrets)");
                break;
            case AiProviderKind.OpenAI:
                RequireUrl(errors, "Ai:OpenAI:Endpoint", options.OpenAI.Endpoint, "OpenAI");
                Require(errors, "Ai:OpenAI:Model", options.OpenAI.Model, "OpenAI");
                break;
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private IEnumerable<(string Key, string File)> KeysInAppSettings()
    {
        if (configuration is not IConfigurationRoot root)
            yield break;
        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            var file = Path.GetFileName(provider.Source.Path ?? "");
            if (!file.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
                continue; // user-secrets (secrets.json) is a JSON file too, and the right place for a key
            foreach (var key in KeySettings)
                if (provider.TryGet(key, out var value) && !string.IsNullOrWhiteSpace(value))
                    yield return (key, file);
        }
    }

    private static void Require(List<string> errors, string setting, string? value, string provider, string hint = "")
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{setting} is required when Ai:Provider is {provider}{hint} (README: AI providers).");
    }

    private static void RequireUrl(List<string> errors, string setting, string? value, string provider)
    {
        if (string.IsNullOrWhiteSpace(value))
            Require(errors, setting, value, provider);
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"{setting} must be an absolute http or https URL; '{value}' is not (README: AI providers).");
    }
}
