using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>What the channel and routing tests share: the service, a valid request, and a customer conversation started in a channel.</summary>
internal static class ChannelTestKit
{
    public static ChannelService ChannelService(this DashboardFactory app) => app.Services.GetRequiredService<ChannelService>();

    public static SaveChannelRequest ValidRequest(string? name = null, long? teamId = null, bool autoAssign = false) =>
        new(name ?? $"Shop {Unique()}", ["https://shop.example.com"], Greeting: "Hello!", TeamId: teamId, AutoAssign: autoAssign);

    public static async Task<ChannelView> CreateChannelAsync(this DashboardFactory app, ChatCaller admin, SaveChannelRequest? request = null) =>
        await app.ChannelService().CreateAsync(admin, AuditActor.From(admin), request ?? ValidRequest());

    /// <summary>
    /// A customer starts a conversation in the channel, the way the visitor API does: a contact (with its stand-in user),
    /// a conversation with the contact as participant, committed, then <see cref="ConversationStarted"/>.
    /// </summary>
    public static async Task<long> StartConversationAsync(this DashboardFactory app, long channelId, string customer = "Customer")
    {
        var contact = await app.Services.GetRequiredService<ContactService>().CreateAsync(channelId, new ContactDetails(Name: $"{customer} {Unique()}"));
        var now = DateTime.UtcNow;
        var threadId = await app.QueryAsync(async db =>
        {
            var thread = new ChatThread
            {
                Title = $"{customer} asks",
                Type = ThreadType.Group,
                CreatedById = contact.UserId,
                CreatedAt = now,
                UpdatedAt = now,
                ChannelId = channelId,
                ContactId = contact.Id,
                Participants = [new ThreadParticipant { UserId = contact.UserId, JoinedAt = now }],
            };
            db.Threads.Add(thread);
            await db.SaveChangesAsync();
            return thread.Id;
        });
        app.Services.GetRequiredService<IChatEvents>().Publish(new ConversationStarted(threadId, channelId));
        return threadId;
    }

    public static string Unique() => Guid.NewGuid().ToString("N")[..6];
}
