using Microsoft.Extensions.DependencyInjection;
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

    public static async Task<Started> StartAsync(this DashboardFactory factory, string customerName, string? firstMessage = "Hello, I need help",
        long? teamId = null, Action<ChatThread>? configure = null)
    {
        var contact = await factory.Services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails(customerName));
        var customer = ChatCaller.Visitor(contact.UserId, customerName);
        var threadId = await factory.QueryAsync(async db =>
        {
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
            return thread.Id;
        });
        if (firstMessage is not null)
            await factory.Messages.PostAsync(customer, new PostMessageRequest(threadId, firstMessage));
        return new Started(customer, contact.Id, threadId);
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
