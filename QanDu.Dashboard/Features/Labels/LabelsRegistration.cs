namespace QanDu.Dashboard.Features.Labels;

/// <summary>Registers the label catalog (called once from <c>Hosting</c>).</summary>
public static class LabelsRegistration
{
    public static WebApplicationBuilder AddLabels(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LabelService>();
        return builder;
    }
}
