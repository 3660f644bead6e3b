namespace QanDu.Dashboard.Features.Access;

/// <summary>Registers the caller resolution: the circuit's caller and callers read from the database (called once from <c>Hosting</c>).</summary>
public static class AccessRegistration
{
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CallerDirectory>();
        services.AddScoped<CurrentUser>();
        return builder;
    }
}
