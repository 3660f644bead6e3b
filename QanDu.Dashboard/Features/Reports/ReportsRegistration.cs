namespace QanDu.Dashboard.Features.Reports;

/// <summary>Registers the reports (called once from <c>Hosting</c>): each <see cref="IReport"/>, and the service that runs them.</summary>
public static class ReportsRegistration
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportLookups>();
        services.AddSingleton<IReport, ConversationsReport>();
        services.AddSingleton<IReport, ResponsivenessReport>();
        services.AddSingleton<IReport, SatisfactionReport>();
        services.AddSingleton<IReport, AgentsReport>();
        services.AddSingleton<IReport, SlaReport>();
        services.AddSingleton<IReport, AssistantReport>();
        services.AddSingleton<IReport, SentimentReport>();
        services.AddSingleton<ReportConversations>();
        return builder;
    }
}
