namespace QanDu.Dashboard.Features.Contacts;

public static class ContactsRegistration
{
    public static WebApplicationBuilder AddContacts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContactService>();
        builder.Services.AddSingleton<ContactDirectory>();
        return builder;
    }
}
