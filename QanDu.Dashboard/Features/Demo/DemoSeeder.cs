using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Demo;

/// <summary>A realistic workspace on first run, written through the same ConversationService as everything else.</summary>
internal sealed partial class DemoSeeder(
    UserManager<AppUser> users,
    ConversationService chat,
    TimeProvider clock,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var people = new Dictionary<string, ChatCaller>();
        foreach (var person in DemoPeople)
            people[person.Key] = await CreateUserAsync(person, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var messages = 0;
        foreach (var conversation in DemoConversations)
        {
            var creator = people[conversation.Participants[0]];
            var others = conversation.Participants.Skip(1).Select(k => people[k].UserId).ToList();
            var thread = await chat.CreateThreadAsync(creator, new CreateThreadRequest(conversation.Type, conversation.Title, others), ct);
            var at = now - conversation.StartedAgo;
            var posted = new List<long>();
            foreach (var line in conversation.Lines)
            {
                at += line.After;
                long? replyTo = line.ReplyToLine is { } index && index < posted.Count ? posted[index] : null;
                var outcome = await chat.PostAtAsync(people[line.From],
                    new PostMessageRequest(thread.Id, line.Text, $"demo-{thread.Id}-{posted.Count}", replyTo), at, ct);
                posted.Add(outcome.Message.Id);
                messages++;
            }
        }
        logger.LogInformation("Seeded the demo workspace: {Users} users, {Threads} threads, {Messages} messages",
            people.Count, DemoConversations.Count, messages);
    }

    private async Task<ChatCaller> CreateUserAsync(DemoPerson person, CancellationToken ct)
    {
        var user = new AppUser
        {
            UserName = person.Email,
            Email = person.Email,
            EmailConfirmed = true,
            DisplayName = person.Name,
            Presence = person.Presence,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = person.Role is null
            ? await users.CreateAsync(user) // customers have no password: they cannot sign in to the dashboard
            : await users.CreateAsync(user, options.Value.Password);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create demo user {person.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        if (person.Role is { } role)
            await users.AddToRoleAsync(user, role);
        ct.ThrowIfCancellationRequested();
        return new ChatCaller(user.Id, user.DisplayName, person.Role is Roles.Supervisor or Roles.Admin, person.Role == Roles.Admin);
    }

    internal sealed record DemoPerson(string Key, string Name, string Email, string? Role, PresenceStatus Presence);

    internal sealed record DemoLine(string From, TimeSpan After, string Text, int? ReplyToLine = null);

    internal sealed record DemoConversation(ThreadType Type, string? Title, string[] Participants, TimeSpan StartedAgo, DemoLine[] Lines);
}
