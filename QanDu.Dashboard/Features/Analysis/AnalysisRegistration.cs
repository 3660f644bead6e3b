namespace QanDu.Dashboard.Features.Analysis;

/// <summary>Registers the message analysis: the store, the analyzer, the worker, intent corrections and whose messages show the analysis (called once from <c>Hosting</c>).</summary>
public static class AnalysisRegistration
{
    public static WebApplicationBuilder AddAnalysis(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnalysisStore>();
        services.AddSingleton<MessageAnalyzer>();
        services.AddSingleton<AnalysisBacklog>();
        services.AddSingleton<AnalysisAudience>();
        services.AddSingleton<AnalysisWorker>(); // also read by the health page (its queue)
        services.AddHostedService(sp => sp.GetRequiredService<AnalysisWorker>());
        services.AddSingleton<IntentCorrectionService>();
        services.AddHostedService(sp => sp.GetRequiredService<IntentCorrectionService>());
        return builder;
    }
}
