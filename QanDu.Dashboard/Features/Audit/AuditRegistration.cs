namespace QanDu.Dashboard.Features.Audit;

/// <summary>Registers the audit log's readers and the circuit's actor (called once from <c>Hosting</c>).</summary>
public static class AuditRegistration
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditReader>();
        services.AddScoped<CurrentActor>();
        return builder;
    }
}
