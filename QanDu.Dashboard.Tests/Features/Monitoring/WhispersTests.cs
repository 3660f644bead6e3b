using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Monitoring;

/// <summary>
/// A supervisor's whisper to the agent of a customer conversation: a private note that mentions the assignee, which the
/// customer never receives (checked through the visitor API), which reads nothing for the supervisor and makes them no
/// participant; agents cannot whisper.
/// </summary>
public sealed class WhispersTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private Whispers Whispers => factory.Services.GetRequiredService<Whispers>();

    [Fact]
    public async Task PostAsync_Supervisor_PrivateNoteMentioningTheAgent_NeverInTheCustomersView()
    {
        var channel = await CreateChannelAsync(factory);
        var (visitor, _) = await VisitAsync(factory, channel);
        var question = await SendAsync(visitor, "My parcel never came");
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        await factory.Threads.AssignAsync(sam, question.ConversationId, maya.UserId);
        await factory.Messages.PostAsync(maya, new PostMessageRequest(question.ConversationId, "Let me check that for you.", "maya-1"));

        var whisper = await Whispers.PostAsync(sam, new PostMessageRequest(question.ConversationId, "Offer the zephyrquill refund", "sam-1"));

        whisper.Message.IsPrivate.Should().BeTrue();
        whisper.Message.Content.Should().Be("@Maya Chen Offer the zephyrquill refund");
        NoteMentions.Mentions(whisper.Message.Content, "Maya Chen").Should().BeTrue();
        var staffView = await factory.Messages.GetHistoryAsync(maya, question.ConversationId, before: null, limit: null);
        staffView.Messages.Should().Contain(m => m.Id == whisper.Message.Id && m.IsPrivate, "the agent sees it in the conversation");

        var history = await visitor.GetAsync($"/api/widget/v1/messages?conversationId={question.ConversationId}");
        history.StatusCode.Should().Be(HttpStatusCode.OK);
        (await history.Content.ReadAsStringAsync()).Should().NotContain("zephyrquill").And.NotContain("Sam Lead");
        (await HistoryAsync(visitor, question.ConversationId)).Messages.Select(m => m.Content)
            .Should().Equal("My parcel never came", "Let me check that for you.");
        var after = await HistoryAsync(visitor, question.ConversationId, $"&after={question.Id}");
        after.Messages.Should().NotContain(m => m.Id == whisper.Message.Id);
        (await factory.Messages.GetAfterAsync(ChatCaller.Visitor(await CustomerOfAsync(question.ConversationId), "Customer"), question.ConversationId, 0, null))
            .Messages.Should().NotContain(m => m.Id == whisper.Message.Id);
    }

    [Fact]
    public async Task PostAsync_Whisper_ReadsNothingForTheSupervisorAndAddsNoParticipant()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await factory.CreateUserAsync("Sam Lead", Roles.Admin);
        var chat = await factory.StartAsync("Ada Customer", "Is anyone there?");
        await factory.Threads.AssignAsync(sam, chat.ThreadId, maya.UserId);
        var participantsBefore = await ParticipantsAsync(chat.ThreadId);

        await Whispers.PostAsync(sam, new PostMessageRequest(chat.ThreadId, "She has waited long, answer first", "sam-2"));

        (await ParticipantsAsync(chat.ThreadId)).Should().BeEquivalentTo(participantsBefore).And.NotContain(sam.UserId);
        (await factory.QueryAsync(db => db.ReadCursors.AnyAsync(c => c.ThreadId == chat.ThreadId && c.UserId == sam.UserId))).Should().BeFalse();
        (await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == chat.ThreadId && m.SenderId == chat.Customer.UserId)
            .Select(m => m.Status).SingleAsync())).Should().Be(MessageStatus.Sent, "the customer is shown no \"seen\" for a note");
    }

    [Fact]
    public async Task PostAsync_NoAssignee_ANoteForTheTeamWithoutAMention()
    {
        var sam = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var teamId = await factory.QueryAsync(async db =>
        {
            var team = new Team { Name = "Billing", CreatedAt = DateTime.UtcNow };
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            return team.Id;
        });
        var chat = await factory.StartAsync("Ada Customer", teamId: teamId);
        var unassigned = await factory.StartAsync("Bo Customer");

        var whisper = await Whispers.PostAsync(sam, new PostMessageRequest(chat.ThreadId, "Whoever is free: this one is urgent", "sam-3"));

        whisper.Message.Content.Should().Be("Whoever is free: this one is urgent");
        whisper.Message.IsPrivate.Should().BeTrue();
        Whispers.AudienceOf(await factory.Threads.GetThreadAsync(sam, chat.ThreadId)).Should().Be("the Billing team");
        Whispers.AudienceOf(await factory.Threads.GetThreadAsync(sam, unassigned.ThreadId)).Should().Be("the team");
    }

    [Fact]
    public async Task PostAsync_AgentOrTeamThread_Refused()
    {
        var maya = await factory.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await factory.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var chat = await factory.StartAsync("Ada Customer");
        var team = await factory.CreateGroupThreadAsync(sam, "Team room", maya);

        var byAgent = () => Whispers.PostAsync(maya, new PostMessageRequest(chat.ThreadId, "Psst", "maya-2"));
        var inTeamThread = () => Whispers.PostAsync(sam, new PostMessageRequest(team, "Psst", "sam-4"));

        await byAgent.Should().ThrowAsync<ChatForbiddenException>().WithMessage("*supervisors and admins*");
        await inTeamThread.Should().ThrowAsync<ChatValidationException>().WithMessage("*customer conversations*");
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Content == "Psst"))).Should().Be(0);
    }

    [Theory]
    [InlineData("@Maya Chen please look", true)]
    [InlineData("ping @maya chen.", true)]
    [InlineData("@Maya Chenko is someone else", false)]
    [InlineData("Maya Chen without an at", false)]
    public void Mentions_DisplayNameAfterAnAt_EndedByANonLetter(string content, bool mentioned) =>
        NoteMentions.Mentions(content, "Maya Chen").Should().Be(mentioned);

    private Task<List<string>> ParticipantsAsync(long threadId) =>
        factory.QueryAsync(db => db.Participants.Where(p => p.ThreadId == threadId).Select(p => p.UserId).ToListAsync());

    private Task<string> CustomerOfAsync(long threadId) =>
        factory.QueryAsync(db => db.Threads.Where(t => t.Id == threadId)
            .Select(t => db.Contacts.Where(c => c.Id == t.ContactId).Select(c => c.UserId).Single()).SingleAsync());
}
