using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Features.Labels;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Threads;

namespace QanDu.Dashboard.Features.Demo;

/// <summary>A realistic workspace on first run, written through the same services as everything else.</summary>
internal sealed partial class DemoSeeder(
    UserManager<AppUser> users,
    ThreadService threads,
    MessageService messages,
    LabelService labels,
    TeamService teams,
    ChannelService channels,
    IConfiguration configuration,
    ReactionService reactions,
    KnowledgeService knowledge,
    CannedResponses.CannedResponseService cannedResponses,
    ContactService contacts,
    TimeProvider clock,
    IDbContextFactory<ChatDbContext> dbFactory,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var people = new Dictionary<string, ChatCaller>();
        foreach (var person in DemoPeople)
            people[person.Key] = await CreateUserAsync(person, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var threadIds = new List<long>();
        foreach (var conversation in DemoConversations)
        {
            var creator = people[conversation.Participants[0]];
            var others = conversation.Participants.Skip(1).Select(k => people[k].UserId).ToList();
            var request = new CreateThreadRequest(conversation.Type, conversation.Title, others);
            threadIds.Add((await threads.CreateThreadAtAsync(creator, request, now - conversation.StartedAgo, ct)).Id);
        }

        // Threads are created in a fixed order above; their messages go in side by side so the message writer
        // commits them in shared batches (one commit per post would take seconds). Each thread stays in order.
        var posted = await Task.WhenAll(DemoConversations.Select((conversation, i) => PostLinesAsync(conversation, threadIds[i], people, now, ct)));
        await TriageAsync(threadIds, people, ct);
        await SeedChannelAsync(people, ct);
        await SeedContactsAsync(people, now, ct);
        var historyStarted = clock.GetTimestamp();
        var history = await SeedHistoryAsync(people, now, ct);
        var historyElapsed = clock.GetElapsedTime(historyStarted);
        await ReactAsync(posted, people, ct);
        await SeedKnowledgeAsync(people, ct);
        await SeedCannedResponsesAsync(people, ct);
        logger.LogInformation("Seeded the demo workspace: {Users} users, {Threads} threads, {Messages} messages, {Articles} knowledge articles, "
            + "{History} past customer conversations ({HistoryElapsed:N0} ms) in {Elapsed:N0} ms",
            people.Count + HistoryCustomers.Count, DemoConversations.Count + history.Conversations, posted.Sum(p => p.Count) + history.Messages,
            DemoArticles().Count, history.Conversations, historyElapsed.TotalMilliseconds, clock.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<IReadOnlyList<long>> PostLinesAsync(
        DemoConversation conversation, long threadId, Dictionary<string, ChatCaller> people, DateTime now, CancellationToken ct)
    {
        var at = now - conversation.StartedAgo;
        var posted = new List<long>();
        foreach (var line in conversation.Lines)
        {
            at += line.After;
            long? replyTo = line.ReplyToLine is { } index && index < posted.Count ? posted[index] : null;
            var outcome = await messages.PostAtAsync(people[line.From],
                new PostMessageRequest(threadId, line.Text, $"demo-{threadId}-{posted.Count}", replyTo), at, ct);
            posted.Add(outcome.Message.Id);
        }
        return posted;
    }

    private string? _demoPasswordHash;

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
        // Customers have no password: they cannot sign in to the dashboard. Staff share the published demo password,
        // hashed once (one salt) rather than once per person: each hash is deliberately slow, and hashing it for every
        // demo account was a visible part of a first start (BENCHMARKS.md, start-up).
        if (person.Role is not null)
            user.PasswordHash = _demoPasswordHash ??= users.PasswordHasher.HashPassword(user, options.Value.Password);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create demo user {person.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        if (person.Role is { } role)
            await users.AddToRoleAsync(user, role);
        ct.ThrowIfCancellationRequested();
        return ChatCaller.ForRoles(user.Id, user.DisplayName, person.Role is null ? [] : [person.Role]);
    }

    // Short spellings keep the data files readable: Ago(days: 1, hours: 2) to start, Min(4) between lines.
    private static TimeSpan Ago(int days = 0, int hours = 0, int minutes = 0) => new(days, hours, minutes, 0);

    private static TimeSpan Sec(int seconds) => TimeSpan.FromSeconds(seconds);

    private static TimeSpan Min(int minutes) => TimeSpan.FromMinutes(minutes);

    private static TimeSpan Hr(int hours, int minutes = 0) => new(hours, minutes, 0);

    internal sealed record DemoPerson(string Key, string Name, string Email, string? Role, PresenceStatus Presence);

    /// <summary>One message: <paramref name="After"/> is the gap since the previous line (or the conversation's start).</summary>
    internal sealed record DemoLine(string From, TimeSpan After, string Text, int? ReplyToLine = null);

    internal sealed record DemoConversation(ThreadType Type, string? Title, string[] Participants, TimeSpan StartedAgo, DemoLine[] Lines);
}
