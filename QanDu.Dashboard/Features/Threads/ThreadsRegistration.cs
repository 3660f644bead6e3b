namespace QanDu.Dashboard.Features.Threads;

/// <summary>Registers the thread services: the thread write path and the inbox's reads (called once from <c>Hosting</c>).</summary>
public static class ThreadsRegistration
{
    public static WebApplicationBuilder AddThreads(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ThreadService>();
        services.AddSingleton<InboxService>();
        services.AddHostedService<AiThreadTitles>();
        return builder;
    }
}
