using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace QanDu.Dashboard.Features.Presence;

/// <summary>Registers the presence and typing services and the circuit handler that reports open tabs (called once from <c>Hosting</c>).</summary>
public static class PresenceRegistration
{
    public static WebApplicationBuilder AddPresence(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PresenceService>();
        services.AddSingleton<TypingService>();
        services.AddSingleton<PresenceRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceRecorder>());
        services.AddScoped<PresenceFeed>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, PresenceCircuitHandler>());
        return builder;
    }
}
