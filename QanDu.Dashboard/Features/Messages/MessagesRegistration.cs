namespace QanDu.Dashboard.Features.Messages;

/// <summary>Registers the message services: the batched writer, posts and history, edits (called once from <c>Hosting</c>).</summary>
public static class MessagesRegistration
{
    public static WebApplicationBuilder AddMessages(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MessageOptions>().BindConfiguration(MessageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PendingAiReplies>();
        services.AddSingleton<MessageWriter>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<MessageEditService>();
        return builder;
    }
}
