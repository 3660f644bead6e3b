namespace QanDu.Dashboard.Features.ReadState;

/// <summary>Registers the read state service: receipts, read positions, readers (called once from <c>Hosting</c>).</summary>
public static class ReadStateRegistration
{
    public static WebApplicationBuilder AddReadState(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ReadStateService>();
        return builder;
    }
}
