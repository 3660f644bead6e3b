using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Providers;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Providers;

/// <summary>Start-up refuses an incomplete provider configuration, and keys stored in appsettings files.</summary>
public sealed class AiOptionsValidatorTests
{
    [Fact]
    public void Start_OpenAiWithoutModel_StopsNamingTheSetting()
    {
        using var factory = new DashboardFactory
        {
            Settings = { ["Ai:Provider"] = "OpenAI", ["Ai:OpenAI:Endpoint"] = "http://127.0.0.1:11434/v1" },
        };

        var act = () => factory.CreateClient();

        act.Should().Throw<OptionsValidationException>()
            .WithMessage("*Ai:OpenAI:Model is required when Ai:Provider is OpenAI*");
    }

    [Fact]
    public void Start_AzureWithoutDeploymentAndKey_StopsNamingBoth()
    {
        using var factory = new DashboardFactory
        {
            Settings = { ["Ai:Provider"] = "AzureOpenAI", ["Ai:AzureOpenAI:Endpoint"] = "https://example.openai.azure.com/" },
        };

        var act = () => factory.CreateClient();

        var failure = act.Should().Throw<OptionsValidationException>().Which;
        failure.Failures.Should().Contain(f => f.StartsWith("Ai:AzureOpenAI:Deployment is required when Ai:Provider is AzureOpenAI"))
            .And.Contain(f => f.StartsWith("Ai:AzureOpenAI:ApiKey is required when Ai:Provider is AzureOpenAI") && f.Contains("Ai__AzureOpenAI__ApiKey"));
    }

    [Fact]
    public void Validate_EndpointNotAUrl_NamesTheSetting()
    {
        using var services = AiTestSettings.Services(new()
        {
            ["Ai:Provider"] = "OpenAI", ["Ai:OpenAI:Endpoint"] = "localhost:11434", ["Ai:OpenAI:Model"] = "llama3.1",
        });

        var act = () => services.GetRequiredService<IOptions<AiOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*Ai:OpenAI:Endpoint must be an absolute http or https URL*");
    }

    [Theory]
    [InlineData("Ai:OpenAI:ApiKey", "Ai__OpenAI__ApiKey")]
    [InlineData("Ai:AzureOpenAI:ApiKey", "Ai__AzureOpenAI__ApiKey")]
    public void Validate_KeyInAppSettingsJson_RefusedSayingToUseTheEnvironmentVariable(string setting, string variable)
    {
        using var folder = new TempDataFolder();
        var section = setting.Split(':')[1];
        File.WriteAllText(Path.Combine(folder.Path, "appsettings.json"), KeyFile(section));
        var configuration = new ConfigurationBuilder().SetBasePath(folder.Path).AddJsonFile("appsettings.json").Build();
        using var services = Build(configuration);

        var act = () => services.GetRequiredService<IOptions<AiOptions>>().Value;

        act.Should().Throw<OptionsValidationException>()
            .WithMessage($"*{setting} is set in appsettings.json; keys must not be stored there*environment variable {variable} or user-secrets*");
    }

    [Fact]
    public void Validate_KeyFromEnvironmentOrUserSecrets_Accepted()
    {
        using var folder = new TempDataFolder();
        File.WriteAllText(Path.Combine(folder.Path, "appsettings.json"),
            """{ "Ai": { "Provider": "OpenAI", "OpenAI": { "Endpoint": "https://api.openai.com/v1", "Model": "gpt-4o-mini" } } }""");
        File.WriteAllText(Path.Combine(folder.Path, "secrets.json"), KeyFile("AzureOpenAI"));
        Environment.SetEnvironmentVariable("QANDU_TEST_Ai__OpenAI__ApiKey", "sk-from-environment");
        try
        {
            var configuration = new ConfigurationBuilder().SetBasePath(folder.Path).AddJsonFile("appsettings.json")
                .AddJsonFile("secrets.json").AddEnvironmentVariables("QANDU_TEST_").Build();
            using var services = Build(configuration);

            var options = services.GetRequiredService<IOptions<AiOptions>>().Value;

            options.OpenAI.ApiKey.Should().Be("sk-from-environment");
            options.AzureOpenAI.ApiKey.Should().Be("from-the-file");
        }
        finally
        {
            Environment.SetEnvironmentVariable("QANDU_TEST_Ai__OpenAI__ApiKey", null);
        }
    }

    /// <summary>A settings file choosing OpenAI, with a key stored under <paramref name="section"/>.</summary>
    private static string KeyFile(string section)
    {
        var ai = new JsonObject
        {
            ["Provider"] = "OpenAI",
            ["OpenAI"] = new JsonObject { ["Endpoint"] = "https://api.openai.com/v1", ["Model"] = "gpt-4o-mini" },
        };
        if (ai[section] is not JsonObject target)
            ai[section] = target = new JsonObject();
        target["ApiKey"] = "from-the-file";
        return new JsonObject { ["Ai"] = ai }.ToJsonString();
    }

    private static ServiceProvider Build(IConfigurationRoot configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfiguration>(configuration);
        AiTestSettings.AddMetering(services);
        services.AddAiProvider(configuration);
        return services.BuildServiceProvider();
    }
}
