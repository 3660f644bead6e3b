using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Analysis;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Reactions;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Features.Users;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Access;

/// <summary>
/// A customer (a caller of the visitor kind) reads their conversation through the same services as staff, and the
/// projection chosen by their kind decides what they get: no metadata, no private fields, no staff emails or ids.
/// </summary>
public sealed class VisitorViewTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task EveryVisitorRead_ThreadWithAnalysisAiRepliesTriageAndReactions_NoMetadataPrivateFieldsOrStaffIdentity()
    {
        var (agent, visitor, threadId) = await ConversationAsync();
        var fromVisitor = (await factory.Messages.PostAsync(visitor, new PostMessageRequest(threadId, "My invoice is wrong", "visitor-key-1"))).Message;
        var fromAgent = (await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Checking it now", "agent-key-1", fromVisitor.Id))).Message;
        var analysis = factory.Services.GetRequiredService<AnalysisStore>();
        var system = ChatCaller.System("Tests");
        await analysis.SetAnalysisAsync(system, fromVisitor.Id, fromVisitor.Content, new AnalysisMetadata("negative", "billing", "en", -0.6));
        await analysis.SetAnalysisAsync(system, fromAgent.Id, fromAgent.Content, new AnalysisMetadata("neutral", "other", "en", 0));
        var ai = await factory.AiReplies.CreateAiMessageAsync(threadId, "QanDu Assistant", CancellationToken.None);
        await factory.AiReplies.FinishAiMessageAsync(ai.Id, "Here is what I found.", MessageStatus.Sent,
            new AiMetadata(0.9, "internal runbook", "test-model") { Drafts = ["Offer a credit"], Sources = [new AiSource("Refund policy", "/knowledge/1")] },
            CancellationToken.None);
        await factory.Services.GetRequiredService<ReactionService>().ToggleAsync(agent, fromVisitor.Id, "👍");
        var billing = await factory.Services.GetRequiredService<Dashboard.Features.Labels.LabelService>()
            .CreateAsync(await factory.CreateUserAsync("Admin Visitor Views", Roles.Admin), new("Billing visitor", "#e53935"));
        await factory.Threads.AddLabelAsync(agent, threadId, billing.Id);
        await factory.Threads.UpdateThreadAsync(agent, threadId, new UpdateThreadRequest(Priority: PriorityLevel.Urgent, AssigneeId: agent.UserId));

        // Staff see all of it: the same reads are what the visitor's are compared with.
        var staffHistory = await factory.Messages.GetHistoryAsync(agent, threadId, before: null, limit: null);
        staffHistory.Messages.Should().OnlyContain(m => m.Metadata != null, "every message here has analysis or AI metadata for staff");
        (await factory.Threads.GetThreadAsync(agent, threadId)).Should().BeEquivalentTo(new { Priority = PriorityLevel.Urgent, AssigneeId = agent.UserId });

        // Every read a visitor will use, through the services.
        var history = await factory.Messages.GetHistoryAsync(visitor, threadId, before: null, limit: null);
        var message = await factory.Messages.GetMessageAsync(visitor, fromAgent.Id);
        var replies = await factory.Messages.GetRepliesAsync(visitor, fromVisitor.Id);
        var retried = await factory.Messages.PostAsync(visitor, new PostMessageRequest(threadId, "My invoice is wrong", "visitor-key-1"));
        var edited = await factory.Edits.EditAsync(visitor, fromVisitor.Id, "My invoice 1042 is wrong");
        var thread = await factory.Threads.GetThreadAsync(visitor, threadId);
        var list = await factory.Inbox.GetThreadsAsync(visitor);
        var readers = await factory.ReadState.GetReadersAsync(visitor, threadId);
        var readState = await factory.ReadState.ReadStateAsync(visitor, threadId);
        var reactions = await factory.Services.GetRequiredService<ReactionService>().GetAsync(visitor, fromVisitor.Id);

        retried.Created.Should().BeFalse();
        var messages = history.Messages.Concat([message, replies.Original, .. replies.Replies, retried.Message, edited]).ToList();
        messages.Should().HaveCountGreaterThanOrEqualTo(7).And.OnlyContain(m => m.Metadata == null, "a visitor never receives metadata");
        messages.Where(m => m.Id != fromVisitor.Id).Should().OnlyContain(m => m.SenderId == null && m.ClientKey == null,
            "nobody else's user id or idempotency key reaches a visitor");
        messages.Where(m => m.Id == fromVisitor.Id).Should().OnlyContain(m => m.SenderId == visitor.UserId && m.ClientKey == "visitor-key-1",
            "their own message is still recognisably theirs");
        history.Messages.Single(m => m.Id == fromVisitor.Id).Reactions.Should().ContainSingle()
            .Which.Users.Should().ContainSingle().Which.Should().BeEquivalentTo(new { UserId = "", DisplayName = agent.DisplayName });
        thread.Should().BeEquivalentTo(new { Priority = PriorityLevel.Normal, AssigneeId = (string?)null, AssigneeName = agent.DisplayName, UnreadCount = readState.UnreadCount });
        thread.Labels.Should().BeEmpty("labels are the team's triage");
        list.Should().ContainSingle().Which.Should().BeEquivalentTo(thread);
        thread.Participants.Where(p => p.UserId != visitor.UserId).Should().OnlyContain(p => p.UserId == "");
        readers.Where(r => r.UserId != visitor.UserId).Should().NotBeEmpty().And.OnlyContain(r => r.UserId == "");

        // Whatever a door does with these views, nothing private can leave: not in any field, not in the JSON.
        var email = await StaffEmailAsync(agent);
        var json = JsonSerializer.Serialize(new object[] { history, message, replies, retried, edited, thread, list, readers, readState, reactions },
            factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
        json.Should().NotContain(agent.UserId).And.NotContain(email).And.NotContain("sentiment").And.NotContain("billing\"")
            .And.NotContain("internal runbook").And.NotContain("Offer a credit").And.NotContain("agent-key-1").And.NotContain("Billing visitor");
    }

    [Fact]
    public async Task StaffOnlyReads_Visitor_RefusedWithoutData()
    {
        var (agent, visitor, threadId) = await ConversationAsync();
        var posted = (await factory.Messages.PostAsync(agent, new PostMessageRequest(threadId, "Refund sent"))).Message;
        var email = await StaffEmailAsync(agent);

        var directory = () => factory.Services.GetRequiredService<UserDirectory>().ListAsync(visitor);
        var search = () => factory.Services.GetRequiredService<SearchService>().SearchAsync(visitor, "from:" + email);
        var versions = () => factory.Edits.GetEditHistoryAsync(visitor, posted.Id);
        var triage = () => factory.Threads.UpdateThreadAsync(visitor, threadId, new UpdateThreadRequest(Priority: PriorityLevel.Low));

        await directory.Should().ThrowAsync<ChatForbiddenException>("the directory lists every staff email");
        await search.Should().ThrowAsync<ChatForbiddenException>("search matches senders by email");
        await versions.Should().ThrowAsync<ChatForbiddenException>();
        await triage.Should().ThrowAsync<ChatForbiddenException>();
        (await factory.Services.GetRequiredService<UserDirectory>().ListAsync(agent)).Should().Contain(u => u.Email == email, "staff still see it");
    }

    [Fact]
    public async Task Visibility_VisitorAndOtherConversation_NotFoundLikeAnyHiddenThread()
    {
        var (agent, visitor, _) = await ConversationAsync();
        var other = await factory.CreateUserAsync("Other customer", role: null);
        var theirs = await factory.CreateGroupThreadAsync(agent, "Another customer's case", other);

        var read = () => factory.Messages.GetHistoryAsync(visitor, theirs, before: null, limit: null);

        await read.Should().ThrowAsync<ChatNotFoundException>();
        (await factory.Inbox.GetThreadsAsync(visitor)).Should().NotContain(t => t.Id == theirs);
    }

    private async Task<(ChatCaller Agent, ChatCaller Visitor, long ThreadId)> ConversationAsync()
    {
        var agent = await factory.CreateUserAsync("Agent Visitor Views", Roles.Agent);
        var visitor = await factory.CreateUserAsync("Customer Visitor Views", role: null);
        visitor.Kind.Should().Be(CallerKind.Visitor, "a person with no staff role is a customer");
        return (agent, visitor, await factory.CreateGroupThreadAsync(agent, $"Invoice question {Guid.NewGuid():N}", visitor));
    }

    private Task<string> StaffEmailAsync(ChatCaller staff) =>
        factory.QueryAsync(db => Task.FromResult(db.Users.Single(u => u.Id == staff.UserId).Email!));
}
