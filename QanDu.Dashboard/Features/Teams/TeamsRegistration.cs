namespace QanDu.Dashboard.Features.Teams;

/// <summary>Registers teams (called once from <c>Hosting</c>).</summary>
public static class TeamsRegistration
{
    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TeamService>();
        return builder;
    }
}
