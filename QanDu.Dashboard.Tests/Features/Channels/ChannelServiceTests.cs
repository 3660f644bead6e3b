using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Teams;
using QanDu.Dashboard.Realtime;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Channels.ChannelTestKit;

namespace QanDu.Dashboard.Tests.Features.Channels;

/// <summary>Admins create, change, rotate and delete website channels; every rule names its problem; every change is audited.</summary>
public sealed class ChannelServiceTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private ChannelService Channels => factory.ChannelService();

    public static TheoryData<SaveChannelRequest, string, string> BadRequests => new()
    {
        { ValidRequest("") , "name", "A channel name is 1 to 80 characters." },
        { ValidRequest(new string('x', 81)), "name", "A channel name is 1 to 80 characters." },
        { ValidRequest() with { AllowedOrigins = [] }, "allowedOrigins", "Add at least one website origin" },
        { ValidRequest() with { AllowedOrigins = ["*"] }, "allowedOrigins", "wildcards are not allowed" },
        { ValidRequest() with { AllowedOrigins = ["https://*.example.com"] }, "allowedOrigins", "wildcards are not allowed" },
        { ValidRequest() with { AllowedOrigins = ["https://shop.example.com/checkout"] }, "allowedOrigins", "has a path, query or fragment" },
        { ValidRequest() with { AllowedOrigins = ["https://shop.example.com?x=1"] }, "allowedOrigins", "has a path, query or fragment" },
        { ValidRequest() with { AllowedOrigins = ["ftp://shop.example.com"] }, "allowedOrigins", "is not an http(s) origin" },
        { ValidRequest() with { AllowedOrigins = ["shop.example.com"] }, "allowedOrigins", "is not an http(s) origin" },
        { ValidRequest() with { Color = "blue" }, "color", "\"blue\" is not a colour; use #rrggbb" },
        { ValidRequest() with { Color = "#12345" }, "color", "is not a colour" },
        { ValidRequest() with { TimeZone = "Mars/Olympus" }, "timeZone", "\"Mars/Olympus\" is not a known IANA time zone" },
        { ValidRequest() with { BusinessHours = [new(DayOfWeek.Monday, "17:00", "09:00")] }, "businessHours", "Monday 17:00–09:00: a shift must end after it starts." },
        { ValidRequest() with { BusinessHours = [new(DayOfWeek.Monday, "nine", "17:00")] }, "businessHours", "Monday: \"nine\" is not a time" },
        { ValidRequest() with { BusinessHours = [new(DayOfWeek.Tuesday, "09:00", "13:00"), new(DayOfWeek.Tuesday, "12:00", "17:00")] },
            "businessHours", "Tuesday: 09:00–13:00 and 12:00–17:00 overlap." },
        { ValidRequest() with { Greeting = new string('g', 501) }, "greeting", "The greeting is at most 500 characters" },
        { ValidRequest() with { AwayMessage = new string('a', 501) }, "awayMessage", "The away message is at most 500 characters" },
        { ValidRequest() with { ExpectedReplyTime = new string('e', 101) }, "expectedReplyTime", "at most 100 characters" },
        { ValidRequest() with { ReopenWindowHours = 0 }, "reopenWindowHours", "The reopen window is 1 to 720 hours" },
        { ValidRequest() with { ReopenWindowHours = 721 }, "reopenWindowHours", "The reopen window is 1 to 720 hours" },
        { ValidRequest() with { ReassignAfterOfflineMinutes = -1 }, "reassignAfterOfflineMinutes", "0 (never) to 1440 minutes" },
        { ValidRequest() with { ReassignAfterOfflineMinutes = 1441 }, "reassignAfterOfflineMinutes", "0 (never) to 1440 minutes" },
        { ValidRequest() with { TeamId = 987654 }, "teamId", "Team 987654 does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task CreateAsync_BreaksARule_RefusedNamingTheProblemAndNothingStored(SaveChannelRequest request, string field, string problem)
    {
        var admin = await factory.CreateUserAsync("Channel admin bad", Roles.Admin);
        var before = await factory.QueryAsync(db => db.Channels.CountAsync());

        var act = () => Channels.CreateAsync(admin, AuditActor.From(admin), request);

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors[field].Should().Contain(e => e.Contains(problem));
        (await factory.QueryAsync(db => db.Channels.CountAsync())).Should().Be(before);
    }

    [Fact]
    public async Task CreateAsync_SeveralProblems_AllNamedAtOnce()
    {
        var admin = await factory.CreateUserAsync("Channel admin many", Roles.Admin);

        var act = () => Channels.CreateAsync(admin, AuditActor.From(admin), new SaveChannelRequest("", ["*", "https://ok.example.com/path"], Color: "red"));

        var errors = (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors;
        errors.Keys.Should().BeEquivalentTo("name", "allowedOrigins", "color");
        errors["allowedOrigins"].Should().HaveCount(2, "each bad origin is named");
    }

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_Refused()
    {
        var admin = await factory.CreateUserAsync("Channel admin dup", Roles.Admin);
        var name = $"Docs site {Unique()}";
        await factory.CreateChannelAsync(admin, ValidRequest(name));

        var act = () => factory.CreateChannelAsync(admin, ValidRequest(name.ToUpperInvariant()));

        (await act.Should().ThrowAsync<ChatValidationException>()).Which.Errors["name"].Single().Should().Contain("already exists");
    }

    [Theory]
    [InlineData(Roles.Agent)]
    [InlineData(Roles.Supervisor)]
    public async Task EveryChange_NotAdmin_Forbidden(string role)
    {
        var admin = await factory.CreateUserAsync("Channel admin owner", Roles.Admin);
        var channel = await factory.CreateChannelAsync(admin);
        var user = await factory.CreateUserAsync($"Not admin {role}", role);
        var actor = AuditActor.From(user);

        await FluentActions.Awaiting(() => Channels.ListAsync(user)).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Channels.CreateAsync(user, actor, ValidRequest())).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Channels.UpdateAsync(user, actor, channel.Id, ValidRequest())).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Channels.RotateTokenAsync(user, actor, channel.Id)).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Channels.RotateSecretAsync(user, actor, channel.Id)).Should().ThrowAsync<ChatForbiddenException>();
        await FluentActions.Awaiting(() => Channels.DeleteAsync(user, actor, channel.Id)).Should().ThrowAsync<ChatForbiddenException>();
    }

    [Fact]
    public async Task CreateAsync_Valid_OriginsNormalizedHoursSortedTokenAndSecretGenerated()
    {
        var admin = await factory.CreateUserAsync("Channel admin create", Roles.Admin);

        var channel = await factory.CreateChannelAsync(admin, ValidRequest() with
        {
            AllowedOrigins = ["HTTPS://Shop.Example.COM:443/", "http://localhost:8080", "https://shop.example.com", " http://Example.org:80 "],
            Color = "#ABCDEF",
            TimeZone = "Europe/Berlin",
            BusinessHours = [new(DayOfWeek.Tuesday, "14:00", "18:00"), new(DayOfWeek.Monday, "09:00", "17:00"), new(DayOfWeek.Tuesday, "09:00", "12:00")],
        });

        channel.AllowedOrigins.Should().Equal("https://shop.example.com", "http://localhost:8080", "http://example.org");
        channel.Color.Should().Be("#abcdef");
        channel.BusinessHours.Should().Equal(new BusinessHoursSlotView(DayOfWeek.Monday, "09:00", "17:00"),
            new BusinessHoursSlotView(DayOfWeek.Tuesday, "09:00", "12:00"), new BusinessHoursSlotView(DayOfWeek.Tuesday, "14:00", "18:00"));
        channel.WebsiteToken.Should().MatchRegex("^[A-Za-z0-9]{24}$");
        channel.IdentitySecret.Should().MatchRegex("^[0-9a-f]{64}$");
        (await factory.CreateChannelAsync(admin)).WebsiteToken.Should().NotBe(channel.WebsiteToken);
        var entry = await LastAuditAsync("channel.created", channel.Id);
        entry.After.Should().Contain("https://shop.example.com").And.NotContain(channel.IdentitySecret);
    }

    [Fact]
    public async Task UpdateAsync_ChangedValues_AuditedBeforeAfterOnlyThoseAndAnnounced()
    {
        var admin = await factory.CreateUserAsync("Channel admin update", Roles.Admin);
        var team = await factory.Services.GetRequiredService<TeamService>().CreateAsync(admin, AuditActor.From(admin), new SaveTeamRequest($"Web team {Unique()}", null));
        var channel = await factory.CreateChannelAsync(admin);
        var announced = new TaskCompletionSource();
        using var _ = factory.Services.GetRequiredService<IChatEvents>().Subscribe(null, e =>
        {
            if (e is ChannelsChanged changed && changed.ChannelId == channel.Id)
                announced.TrySetResult();
            return Task.CompletedTask;
        });

        var saved = await Channels.UpdateAsync(admin, AuditActor.From(admin), channel.Id,
            ValidRequest(channel.Name, team.Id, autoAssign: true) with { Greeting = "Welcome!", AllowedOrigins = ["https://shop.example.com", "https://www.example.com"] });

        saved.Should().BeEquivalentTo(new { TeamId = (long?)team.Id, TeamName = team.Name, AutoAssign = true, Greeting = "Welcome!" });
        await announced.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var entry = await LastAuditAsync("channel.updated", channel.Id);
        AuditDiff.Changes(entry.Before, entry.After).Select(c => c.Field).Should().BeEquivalentTo("greeting", "allowedOrigins", "team", "autoAssign");
        AuditDiff.Describe(entry.Before, entry.After).Should().Contain("greeting: Hello! → Welcome!").And.Contain($"team: Unassigned → {team.Name}");
        entry.Before.Should().NotContain(channel.IdentitySecret);
    }

    [Fact]
    public async Task RotateTokenAsync_OldTokenNoLongerFoundNewOneIs()
    {
        var admin = await factory.CreateUserAsync("Channel admin rotate", Roles.Admin);
        var channel = await factory.CreateChannelAsync(admin);
        var lookup = factory.Services.GetRequiredService<ChannelLookup>();
        (await lookup.FindByTokenAsync(channel.WebsiteToken)).Should().NotBeNull("the lookup caches it now");

        var rotated = await Channels.RotateTokenAsync(admin, AuditActor.From(admin), channel.Id);

        rotated.WebsiteToken.Should().NotBe(channel.WebsiteToken).And.MatchRegex("^[A-Za-z0-9]{24}$");
        (await lookup.FindByTokenAsync(channel.WebsiteToken)).Should().BeNull("the old snippet stops working at once");
        (await lookup.FindByTokenAsync(rotated.WebsiteToken))!.Id.Should().Be(channel.Id);
        var entry = await LastAuditAsync("channel.token_rotated", channel.Id);
        entry.Before.Should().Contain(channel.WebsiteToken);
        entry.After.Should().Contain(rotated.WebsiteToken);
    }

    [Fact]
    public async Task RotateSecretAsync_NewSecretAuditedAsRotatedNeverItself()
    {
        var admin = await factory.CreateUserAsync("Channel admin secret", Roles.Admin);
        var channel = await factory.CreateChannelAsync(admin);
        var lookup = factory.Services.GetRequiredService<ChannelLookup>();
        await lookup.FindByTokenAsync(channel.WebsiteToken);

        var rotated = await Channels.RotateSecretAsync(admin, AuditActor.From(admin), channel.Id);

        rotated.IdentitySecret.Should().NotBe(channel.IdentitySecret).And.MatchRegex("^[0-9a-f]{64}$");
        (await lookup.FindByTokenAsync(channel.WebsiteToken))!.IdentitySecret.Should().Be(rotated.IdentitySecret, "the cached copy was dropped");
        var entry = await LastAuditAsync("channel.secret_rotated", channel.Id);
        entry.After.Should().Be("""{"identitySecret":"rotated"}""");
        (await factory.QueryAsync(db => db.AuditLog.Where(a => a.TargetId == channel.Id.ToString() && a.TargetType == "channel").ToListAsync()))
            .Should().NotContain(a => (a.Before + a.After).Contains(channel.IdentitySecret) || (a.Before + a.After).Contains(rotated.IdentitySecret));
    }

    [Fact]
    public async Task DeleteAsync_ConversationKeepsItsHistoryWithoutTheChannel()
    {
        var admin = await factory.CreateUserAsync("Channel admin delete", Roles.Admin);
        var channel = await factory.CreateChannelAsync(admin);
        var threadId = await factory.StartConversationAsync(channel.Id);
        var lookup = factory.Services.GetRequiredService<ChannelLookup>();
        await lookup.FindByTokenAsync(channel.WebsiteToken);

        await Channels.DeleteAsync(admin, AuditActor.From(admin), channel.Id);

        (await lookup.FindByTokenAsync(channel.WebsiteToken)).Should().BeNull();
        var thread = await factory.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId));
        thread.ChannelId.Should().BeNull();
        thread.ContactId.Should().NotBeNull("the conversation and its customer stay");
        (await LastAuditAsync("channel.deleted", channel.Id)).Detail.Should().Be("1 conversation(s) keep their history without the channel.");
        await FluentActions.Awaiting(() => Channels.GetAsync(admin, channel.Id)).Should().ThrowAsync<ChatNotFoundException>();
    }

    private Task<AuditEntry> LastAuditAsync(string action, long channelId) => factory.QueryAsync(db =>
        db.AuditLog.Where(a => a.Action == action && a.TargetId == channelId.ToString()).OrderByDescending(a => a.Id).FirstAsync());
}
