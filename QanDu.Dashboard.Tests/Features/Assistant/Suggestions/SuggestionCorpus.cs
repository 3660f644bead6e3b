using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Assistant.Suggestions;

/// <summary>A customer with the details a leak would show: name, email, phone, host-site id, company, VAT id and an order number.</summary>
public sealed record SeededCustomer(string Name, string Email, string Phone, string Identifier, string Company, string Vat, string Order)
{
    /// <summary>Every detail that must never reach another customer's suggestion or answer.</summary>
    public IEnumerable<string> Identifiers => [Name, .. Name.Split(' ').Where(p => p.Length >= 3), Email, Phone, Identifier, Company, Vat, Order];
}

/// <summary>Customer conversations as the app holds them: a contact, a thread with its ContactId, messages through the services.</summary>
public static class SuggestionCorpus
{
    public sealed record Customer(ChatCaller Caller, long ContactId);

    public static async Task<Customer> CustomerAsync(this DashboardFactory app, SeededCustomer seeded)
    {
        var contacts = app.Services.GetRequiredService<ContactService>();
        var contact = await contacts.CreateAsync(null, new ContactDetails(seeded.Name, seeded.Email, seeded.Identifier, seeded.Phone, seeded.Company));
        await contacts.SetAttributesAsync(contact.Id, new Dictionary<string, string> { ["vat id"] = seeded.Vat, ["last order"] = seeded.Order });
        return new Customer(ChatCaller.Visitor(contact.UserId, seeded.Name), contact.Id);
    }

    public static async Task<Customer> CustomerAsync(this DashboardFactory app, string name)
    {
        var contact = await app.Services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails(name));
        return new Customer(ChatCaller.Visitor(contact.UserId, name), contact.Id);
    }

    /// <summary>An open customer conversation in the Unassigned queue, as the widget starts one.</summary>
    public static async Task<long> CustomerThreadAsync(this DashboardFactory app, Customer customer, string title)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var thread = new ChatThread
        {
            Type = ThreadType.Group, Title = title, ContactId = customer.ContactId, CreatedById = customer.Caller.UserId, CreatedAt = now, UpdatedAt = now,
            Participants = [new ThreadParticipant { UserId = customer.Caller.UserId, JoinedAt = now }],
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync();
        return thread.Id;
    }

    /// <summary>
    /// A resolved customer conversation: the customer asks, the agent writes a private note (when given) and answers, and
    /// the conversation is resolved.
    /// </summary>
    public static async Task<long> ResolvedAsync(this DashboardFactory app, ChatCaller agent, Customer customer, string title, string question,
        string answer, string? privateNote = null, bool resolve = true)
    {
        var thread = await app.CustomerThreadAsync(customer, title);
        await app.PostAsync(customer.Caller, thread, question);
        if (privateNote is not null)
            await app.PostAsync(agent, thread, privateNote, isPrivate: true);
        await app.PostAsync(agent, thread, answer);
        if (resolve)
            await app.Threads.UpdateThreadAsync(agent, thread, new UpdateThreadRequest(Status: ThreadStatus.Archived));
        return thread;
    }

    public static async Task<long> PostAsync(this DashboardFactory app, ChatCaller sender, long thread, string content, bool isPrivate = false) =>
        (await app.Messages.PostAsync(sender, new PostMessageRequest(thread, content, Guid.NewGuid().ToString("N"), IsPrivate: isPrivate))).Message.Id;

    public static async Task<long> ArticleAsync(this DashboardFactory app, ChatCaller writer, string title, string body,
        KnowledgeAudience audience = KnowledgeAudience.Internal)
    {
        var id = (await app.Services.GetRequiredService<KnowledgeService>().CreateAsync(writer, new SaveKnowledgeRequest(title, body, "en"))).Id;
        if (audience == KnowledgeAudience.Public)
            await app.QueryAsync(db => db.KnowledgeArticles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Audience, audience)));
        return id;
    }
}
