namespace QanDu.Dashboard.Features.People;

/// <summary>Registers people management, one-time links, email and last seen (called once from <c>Hosting</c>).</summary>
public static class PeopleRegistration
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<LinkMail>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<PeopleService>();
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<LastSeen>();
        return builder;
    }

    /// <summary>Records when signed-in people were last seen; after authentication.</summary>
    public static WebApplication UseLastSeen(this WebApplication app)
    {
        app.Use(LastSeen.TrackAsync);
        return app;
    }
}
