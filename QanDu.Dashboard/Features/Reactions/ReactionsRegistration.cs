namespace QanDu.Dashboard.Features.Reactions;

/// <summary>Registers the reaction service (called once from <c>Hosting</c>).</summary>
public static class ReactionsRegistration
{
    public static WebApplicationBuilder AddReactions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ReactionService>();
        return builder;
    }
}
