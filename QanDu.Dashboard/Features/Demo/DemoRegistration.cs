namespace QanDu.Dashboard.Features.Demo;

/// <summary>Registers the demo workspace seeder (called once from <c>Hosting</c>).</summary>
public static class DemoRegistration
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddScoped<DemoSeeder>();
        return builder;
    }
}
