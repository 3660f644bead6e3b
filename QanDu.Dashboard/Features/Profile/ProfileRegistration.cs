namespace QanDu.Dashboard.Features.Profile;

/// <summary>Registers the profile: the people's looks and the profile service (called once from <c>Hosting</c>).</summary>
public static class ProfileRegistration
{
    public static WebApplicationBuilder AddProfile(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AvatarCatalog>();
        builder.Services.AddSingleton<ProfileService>();
        return builder;
    }
}
