using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Access;

/// <summary>
/// Customer conversations: one waiting in the Unassigned queue is every agent's to pick up, one taken by someone else is
/// not; the customer sees their own conversation only, and never a private note in it.
/// </summary>
public sealed class CustomerConversationAccessTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ContactService Contacts => factory.Services.GetRequiredService<ContactService>();

    [Fact]
    public async Task UnassignedCustomerConversation_AnyAgent_SeesAndAnswers_UntilSomeoneElseTakesIt()
    {
        var (customer, threadId) = await CustomerConversationAsync("Where is my invoice?");
        var agent = await factory.CreateUserAsync("Queue Agent", Roles.Agent);
        var other = await factory.CreateUserAsync("Other Agent", Roles.Agent);

        var reply = await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Let me look that up."));
        (await factory.Inbox.GetThreadsAsync(other)).Select(t => t.Id).Should().Contain(threadId, "it waits in the Unassigned queue");
        reply.Message.ThreadId.Should().Be(threadId);

        var supervisor = await factory.CreateUserAsync("Routing Supervisor", Roles.Supervisor);
        await factory.Threads.AssignAsync(supervisor, threadId, agent.UserId);

        var history = () => factory.Messages.GetHistoryAsync(other, threadId, null, null);
        await history.Should().ThrowAsync<ChatNotFoundException>("the conversation is the assigned agent's now");
        (await factory.Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.Should().HaveCount(2);
        (await factory.Messages.GetHistoryAsync(customer, threadId, null, null)).Messages.Should().HaveCount(2);
    }

    [Fact]
    public async Task CustomerConversation_AnotherCustomer_NotFound()
    {
        var (_, threadId) = await CustomerConversationAsync("My order is late");
        var (stranger, _) = await CustomerConversationAsync("Unrelated question");

        var history = () => factory.Messages.GetHistoryAsync(stranger, threadId, null, null);
        var post = () => factory.Messages.PostAsync(stranger, new PostMessageRequest(threadId, "Let me read it"));

        await history.Should().ThrowAsync<ChatNotFoundException>();
        await post.Should().ThrowAsync<ChatNotFoundException>();
    }

    [Fact]
    public async Task PrivateNote_Customer_NeitherInHistoryNorById_StaffSeeIt()
    {
        var (customer, threadId) = await CustomerConversationAsync("Refund please");
        var agent = await factory.CreateUserAsync("Note Agent", Roles.Agent);
        await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Happy to help."));
        var noteId = await AddPrivateNoteAsync(threadId, agent, "Internal: customer is on the legacy plan.");

        var seenByCustomer = await factory.Messages.GetHistoryAsync(customer, threadId, null, null);
        var seenByAgent = await factory.Messages.GetHistoryAsync(agent, threadId, null, null);
        var byId = () => factory.Messages.GetMessageAsync(customer, noteId);

        seenByCustomer.Messages.Select(m => m.Content).Should().Equal("Refund please", "Happy to help.");
        seenByAgent.Messages.Should().ContainSingle(m => m.Id == noteId && m.IsPrivate);
        await byId.Should().ThrowAsync<ChatNotFoundException>();
    }

    private async Task<(ChatCaller Customer, long ThreadId)> CustomerConversationAsync(string firstMessage)
    {
        var contact = await Contacts.CreateAsync(null, new ContactDetails(Name: "Customer " + Guid.NewGuid().ToString("N")[..6]));
        var customer = ContactService.CallerFor(contact);
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var thread = new ChatThread
        {
            Title = firstMessage,
            Type = ThreadType.Group,
            ContactId = contact.Id,
            CreatedById = contact.UserId,
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
            Participants = [new ThreadParticipant { UserId = contact.UserId, JoinedAt = DateTime.UtcNow }],
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        await factory.Messages.PostAsync(customer, new PostMessageRequest(thread.Id, firstMessage));
        return (customer, thread.Id);
    }

    private async Task<long> AddPrivateNoteAsync(long threadId, ChatCaller author, string content)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var note = new Message
        {
            ThreadId = threadId, Content = content, SenderId = author.UserId, SenderName = author.DisplayName,
            SenderType = SenderType.User, Timestamp = DateTime.UtcNow, Status = MessageStatus.Sent, IsPrivate = true,
        };
        db.Messages.Add(note);
        await db.SaveChangesAsync();
        return note.Id;
    }
}
