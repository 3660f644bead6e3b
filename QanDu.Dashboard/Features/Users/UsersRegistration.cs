namespace QanDu.Dashboard.Features.Users;

/// <summary>Registers the people directory (called once from <c>Hosting</c>).</summary>
public static class UsersRegistration
{
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<UserDirectory>();
        return builder;
    }
}
