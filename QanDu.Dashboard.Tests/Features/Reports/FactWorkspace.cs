using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Reports;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Reports;

/// <summary>
/// A workspace whose figures are computed by hand: the whole app on a real SQLite file with a fake clock, and customer
/// conversations whose activity log (and messages) are written directly at chosen times, as the app would have
/// recorded them. Dates in March 2026: Monday 2 March to Sunday 8 March is the usual week under test.
/// </summary>
public class FactWorkspace : IAsyncLifetime
{
    public static DateTime At(int day, int hour, int minute = 0, int month = 3) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.Zero));

    public DashboardFactory Factory { get; }

    public ChatCaller Supervisor { get; private set; } = null!;

    public FactWorkspace() => Factory = new DashboardFactory { TestServices = services => services.AddSingleton<TimeProvider>(Clock) };

    public async Task InitializeAsync()
    {
        Supervisor = await Factory.CreateUserAsync("Sue Supervisor", Roles.Supervisor);
        await SeedAsync();
    }

    /// <summary>Writes the workspace a test class reads (once per class).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    public ReportService Reports => Factory.Services.GetRequiredService<ReportService>();

    public Task<ReportResult> RunAsync(string name, ReportQuery query) => Reports.RunAsync(Supervisor, name, query);

    public async Task<IReadOnlyList<long>> DrillAsync(string name, string key, ReportQuery query) => await Reports.DrillAsync(Supervisor, name, key, query);

    public async Task<T> DbAsync<T>(Func<ChatDbContext, Task<T>> work)
    {
        var dbFactory = Factory.Services.GetRequiredService<IDbContextFactory<ChatDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await work(db);
    }

    public Task DbAsync(Func<ChatDbContext, Task> work) => DbAsync<int>(async db => { await work(db); return 0; });

    /// <summary>A website channel open Monday to Friday 09:00–17:00 in <paramref name="zone"/>.</summary>
    public Task<long> ChannelAsync(string name, string zone = "UTC") => DbAsync(async db =>
    {
        var channel = new WebsiteChannel
        {
            Name = name, WebsiteToken = Guid.NewGuid().ToString("N"), TimeZone = zone,
            BusinessHours = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new BusinessHoursSlot(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        return channel.Id;
    });

    public Task<long> TeamAsync(string name) => DbAsync(async db =>
    {
        var team = new Team { Name = name, CreatedAt = At(1, 0) };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    });

    public sealed record Conversation(long ThreadId, string CustomerUserId);

    /// <summary>
    /// A customer conversation created at <paramref name="createdAt"/> (the log's Created fact, recorded by the app),
    /// with its team, assignee, status, priority and rating as they are now. No assignment is logged: add it with <see cref="FactAsync"/>.
    /// </summary>
    public async Task<Conversation> ConversationAsync(DateTime createdAt, long? channelId = null, long? teamId = null, string? assigneeId = null,
        ThreadStatus status = ThreadStatus.Active, PriorityLevel priority = PriorityLevel.Normal, int? rating = null, DateTime? handedOffAt = null)
    {
        var contact = await Factory.Services.GetRequiredService<ContactService>().CreateAsync(null, new ContactDetails("Customer"));
        return await DbAsync(async db =>
        {
            var thread = new ChatThread
            {
                Type = ThreadType.Group, ContactId = contact.Id, ChannelId = channelId, TeamId = teamId, CreatedById = contact.UserId,
                CreatedAt = createdAt, UpdatedAt = createdAt, Priority = priority,
                Participants = [new ThreadParticipant { UserId = contact.UserId, JoinedAt = createdAt }],
            };
            db.Threads.Add(thread);
            await db.SaveChangesAsync();
            // Assignments are written by the test at the times it chooses, not at the real clock's now.
            await db.ConversationActivity.Where(a => a.ThreadId == thread.Id && a.Kind == ActivityKind.Assigned).ExecuteDeleteAsync();
            await db.Threads.Where(t => t.Id == thread.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.AssigneeId, assigneeId).SetProperty(t => t.Status, status).SetProperty(t => t.Rating, rating)
                .SetProperty(t => t.HandedOffAt, handedOffAt));
            return new Conversation(thread.Id, contact.UserId);
        });
    }

    /// <summary>A fact of the activity log (not a message).</summary>
    public Task FactAsync(long threadId, ActivityKind kind, DateTime at, string? userId = null, long? teamId = null, string? detail = null, int? value = null,
        long? channelId = null) => DbAsync(async db =>
    {
        db.ConversationActivity.Add(new ConversationActivity
        {
            ThreadId = threadId, Kind = kind, At = at, UserId = userId, TeamId = teamId, Detail = detail, Value = value, ChannelId = channelId,
        });
        await db.SaveChangesAsync();
    });

    /// <summary>
    /// A message of the conversation and its fact (CustomerMessage, AgentReply or AssistantReply), as the message writer
    /// records them; <paramref name="metadata"/> as analysis or the assistant left it.
    /// </summary>
    public Task<long> MessageAsync(Conversation conversation, ActivityKind kind, DateTime at, string? agentId = null, string content = "…",
        MessageMetadata? metadata = null, MessageStatus status = MessageStatus.Sent, long? teamId = null, long? channelId = null) => DbAsync(async db =>
    {
        var message = new Message
        {
            ThreadId = conversation.ThreadId, Content = content, Type = MessageType.Text, Timestamp = at, Status = status, Metadata = metadata,
            SenderType = kind == ActivityKind.AssistantReply ? SenderType.Ai : SenderType.User,
            SenderId = kind switch { ActivityKind.CustomerMessage => conversation.CustomerUserId, ActivityKind.AgentReply => agentId, _ => null },
            SenderName = kind == ActivityKind.AssistantReply ? "Assistant" : "Someone",
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        db.ConversationActivity.Add(new ConversationActivity
        {
            ThreadId = conversation.ThreadId, Kind = kind, At = at, MessageId = message.Id, TeamId = teamId, ChannelId = channelId,
            UserId = kind == ActivityKind.AgentReply ? agentId : null,
            // as the analysis store copies it when the analysis lands
            Sentiment = metadata?.Analysis?.Sentiment, SentimentScore = metadata?.Analysis?.SentimentScore, Intent = metadata?.Analysis?.Intent,
        });
        await db.SaveChangesAsync();
        return message.Id;
    });

    public static MessageMetadata Analysis(string? sentiment, double? score, string? intent) => new() { Analysis = new AnalysisMetadata(sentiment, intent, "en", score) };

    public static MessageMetadata Ai(double? confidence, string? outcome = null) => new() { Ai = new AiMetadata(confidence, null, "local") { Outcome = outcome } };
}
