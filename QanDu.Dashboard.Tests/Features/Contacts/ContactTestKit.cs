using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Contacts;

/// <summary>Contacts and customer conversations made as the app makes them: contacts by ContactService, threads and messages by their services.</summary>
internal static class ContactTestKit
{
    public static ContactService ContactService(this DashboardFactory app) => app.Services.GetRequiredService<ContactService>();

    public static ContactDirectory ContactDirectory(this DashboardFactory app) => app.Services.GetRequiredService<ContactDirectory>();

    public static Task<Contact> CreateContactAsync(this DashboardFactory app, string? name, string? email = null, string? company = null,
        long? channelId = null, string? identifier = null, string? phone = null) =>
        app.ContactService().CreateAsync(channelId, new ContactDetails(name, email, identifier, phone, company));

    /// <summary>A customer conversation between the contact and <paramref name="agent"/>, with the customer's first message.</summary>
    public static async Task<long> CreateConversationAsync(this DashboardFactory app, Contact contact, ChatCaller agent, string text = "Hello, I need help",
        params string[] alsoTakingPart)
    {
        var thread = await app.Threads.CreateThreadAsync(agent,
            new CreateThreadRequest(ThreadType.Group, $"Help {Guid.NewGuid():N}", [contact.UserId, .. alsoTakingPart]));
        await app.QueryAsync(db => db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, contact.Id)));
        await app.Messages.PostAsync(QanDu.Dashboard.Features.Contacts.ContactService.CallerFor(contact), new PostMessageRequest(thread.Id, text, Guid.NewGuid().ToString()));
        return thread.Id;
    }

    public static async Task<long> CreateChannelAsync(this DashboardFactory app, string name = "Shop")
    {
        return await app.QueryAsync(async db =>
        {
            var channel = new WebsiteChannel { Name = $"{name} {Guid.NewGuid():N}", WebsiteToken = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            return channel.Id;
        });
    }

    public static Task<long> AddTokenAsync(this DashboardFactory app, Contact contact, long channelId, bool verified) =>
        app.QueryAsync(async db =>
        {
            var token = new VisitorToken
            {
                ContactId = contact.Id, ChannelId = channelId, TokenHash = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(),
                Verified = verified, CreatedAt = DateTime.UtcNow, LastUsedAt = DateTime.UtcNow,
            };
            db.VisitorTokens.Add(token);
            await db.SaveChangesAsync();
            return token.Id;
        });

    /// <summary>A word no other test uses, so searches on the shared database find only this test's contacts.</summary>
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];
}
