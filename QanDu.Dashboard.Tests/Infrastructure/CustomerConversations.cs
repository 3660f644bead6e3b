using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Tests.Infrastructure;

/// <summary>
/// A customer conversation as the visitor API starts one: a contact (made by <see cref="ContactService"/>), a thread with
/// the contact's stand-in user as its participant (written here, as the widget's server would), and the customer's first
/// message posted through <see cref="MessageService"/> as a visitor.
/// </summary>
public static class CustomerConversations
{
    public sealed record Started(ChatCaller Customer, long ContactId, long ThreadId);

    public static Task<Started> StartAsync(this DashboardFactory factory, string customerName, string? firstMessage = "Hello, I need help",
        long? teamId = null, Action<ChatThread>? configure = null) =>
        StartAsync(factory.Services, customerName, firstMessage, teamId, configure);

    /// <summary>
    /// As above on any running app; <paramref name="announce"/> publishes <see cref="ConversationStarted"/> after the
    /// first message, as the visitor API does for a new conversation.
    /// </summary>
    public static async Task<Started> StartAsync(IServiceProvider services, string customerName, string? firstMessage = "Hello, I need help",
        long? teamId = null, Action<ChatThread>? configure = null, bool announce = false)
    {
        var contact = await services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails(customerName));
        var customer = ChatCaller.Visitor(contact.UserId, customerName);
        await using var db = await services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var thread = new ChatThread
        {
            Type = ThreadType.Group,
            ContactId = contact.Id,
            TeamId = teamId,
            CreatedById = contact.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            Participants = [new ThreadParticipant { UserId = contact.UserId, JoinedAt = now }],
        };
        configure?.Invoke(thread);
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        if (firstMessage is not null)
            await services.GetRequiredService<MessageService>().PostAsync(customer, new PostMessageRequest(thread.Id, firstMessage));
        if (announce)
            services.GetRequiredService<IChatEvents>().Publish(new ConversationStarted(thread.Id, 0));
        return new Started(customer, contact.Id, thread.Id);
    }

    /// <summary>Completes when an event of type <typeparamref name="T"/> is published for the thread.</summary>
    public static Task Expect<T>(this DashboardFactory factory, long threadId) where T : ChatEvent
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = factory.Services.GetRequiredService<IChatEvents>().Subscribe(threadId, e =>
        {
            if (e is T)
                seen.TrySetResult();
            return Task.CompletedTask;
        });
        return seen.Task.ContinueWith(_ => subscription.Dispose(), TaskScheduler.Default);
    }
}
