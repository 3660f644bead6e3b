namespace QanDu.Dashboard.Features.Threads;

/// <summary>Registers the thread services: the thread write path, the lifecycle (resolve, snooze, bulk actions) and the inbox's reads (called once from <c>Hosting</c>).</summary>
public static class ThreadsRegistration
{
    public static WebApplicationBuilder AddThreads(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ThreadService>();
        services.AddSingleton<InboxService>();
        services.AddSingleton<StatusAnnouncer>();
        services.AddSingleton<ConversationLifecycle>();
        services.AddSingleton<ThreadBulkService>();
        services.AddHostedService<SnoozeWaker>();
        services.AddHostedService<AiThreadTitles>();
        return builder;
    }
}
