using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// Writes a workspace whose report figures are known in advance straight into the app's real SQLite database: channels
/// (with business hours and a time zone), a team, labels, and customer conversations with their activity log at exact
/// moments. A conversation is inserted through EF, so the app's own recorder writes its <c>Created</c> fact (at its
/// <c>CreatedAt</c>); every later fact (replies, hand-off, resolve, reopen, rating, breach) is appended as the app's
/// writers append it (<see cref="ConversationActivity"/> rows with the conversation's channel and team). Reusable by any
/// report test: script a conversation with <see cref="ConversationAsync"/>.
/// </summary>
public sealed class ReportWorkspaceBuilder(DashboardFactory factory)
{
    private ChatCaller? _customer;
    private long? _contactId;

    private async Task<ChatDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>().CreateDbContextAsync();

    public async Task<long> ChannelAsync(string name, string timeZone, params BusinessHoursSlot[] hours)
    {
        await using var db = await DbAsync();
        var channel = new WebsiteChannel
        {
            Name = name, WebsiteToken = Guid.NewGuid().ToString("N"), IdentitySecret = Guid.NewGuid().ToString("N"),
            TimeZone = timeZone, BusinessHours = [.. hours], CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    }

    public async Task<long> TeamAsync(string name)
    {
        await using var db = await DbAsync();
        var team = new Team { Name = name, CreatedAt = DateTime.UtcNow };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    }

    public async Task<long> LabelAsync(string name)
    {
        await using var db = await DbAsync();
        var label = new Label { Name = name };
        db.Labels.Add(label);
        await db.SaveChangesAsync();
        return label.Id;
    }

    /// <summary>
    /// A customer conversation created at <paramref name="createdAt"/> (UTC) in <paramref name="channelId"/>, assigned now to
    /// <paramref name="assigneeId"/>, with <paramref name="script"/>'s facts. Returns its id.
    /// </summary>
    public async Task<long> ConversationAsync(string title, long channelId, DateTime createdAt, Action<Script> script,
        string? assigneeId = null, long? teamId = null, long[]? labels = null, int? rating = null, string? ratingComment = null)
    {
        await EnsureCustomerAsync();
        var steps = new Script();
        script(steps);
        await using var db = await DbAsync();
        var resolved = steps.Facts.LastOrDefault(f => f.Kind is ActivityKind.Resolved or ActivityKind.Reopened) is { Kind: ActivityKind.Resolved };
        var thread = new ChatThread
        {
            Title = title, Type = ThreadType.Group, Status = resolved ? ThreadStatus.Archived : ThreadStatus.Active,
            ChannelId = channelId, ContactId = _contactId, TeamId = teamId, AssigneeId = assigneeId,
            CreatedById = _customer!.UserId, CreatedAt = createdAt, UpdatedAt = createdAt,
            ResolvedAt = resolved ? steps.Facts.Last(f => f.Kind == ActivityKind.Resolved).At : null,
            Rating = rating, RatingComment = ratingComment,
            RatedAt = steps.Facts.LastOrDefault(f => f.Kind == ActivityKind.Rated)?.At,
            Participants = [new ThreadParticipant { UserId = _customer.UserId, JoinedAt = createdAt }],
            Labels = [.. (labels ?? []).Select(l => new ThreadLabel { LabelId = l })],
        };
        db.Threads.Add(thread);
        await db.SaveChangesAsync(); // the app's recorder writes Created at CreatedAt
        foreach (var fact in steps.Facts)
        {
            fact.ThreadId = thread.Id;
            fact.ChannelId = channelId;
            fact.TeamId = teamId;
            db.ConversationActivity.Add(fact);
        }
        await db.SaveChangesAsync();
        return thread.Id;
    }

    private async Task EnsureCustomerAsync()
    {
        if (_customer is not null)
            return;
        _customer = await factory.CreateUserAsync("Report Customer", null);
        await using var db = await DbAsync();
        var contact = new Contact { UserId = _customer.UserId, Name = "Report Customer", CreatedAt = DateTime.UtcNow };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync();
        _contactId = contact.Id;
    }

    /// <summary>The facts of one conversation after its creation, at UTC moments.</summary>
    public sealed class Script
    {
        internal List<ConversationActivity> Facts { get; } = [];

        private Script Add(ActivityKind kind, DateTime at, string? userId = null, int? value = null, string? detail = null)
        {
            Facts.Add(new ConversationActivity { Kind = kind, At = DateTime.SpecifyKind(at, DateTimeKind.Utc), UserId = userId, Value = value, Detail = detail });
            return this;
        }

        public Script Customer(DateTime at) => Add(ActivityKind.CustomerMessage, at);

        public Script Agent(string userId, DateTime at) => Add(ActivityKind.AgentReply, at, userId);

        public Script Assistant(DateTime at) => Add(ActivityKind.AssistantReply, at);

        public Script HandOff(DateTime at) => Add(ActivityKind.HandedOff, at, detail: "asked for a person");

        /// <summary>Resolved, with the assignee at that moment (null: unassigned).</summary>
        public Script Resolve(DateTime at, string? assigneeId) => Add(ActivityKind.Resolved, at, assigneeId);

        public Script Reopen(DateTime at) => Add(ActivityKind.Reopened, at);

        public Script Rate(DateTime at, int rating, string? assigneeId) => Add(ActivityKind.Rated, at, assigneeId, rating);

        public Script Breach(DateTime at, string metric) => Add(ActivityKind.SlaBreached, at, detail: metric);
    }
}
