using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>A customer's conversations over the visitor API: their own only, never staff-only content, the lifecycle and ratings.</summary>
public sealed class VisitorConversationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Post_NoConversation_StartsOneInTheChannelsQueue()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);

        var sent = await SendAsync(client, "I cannot log in to my account since yesterday evening, please help");

        sent.Sender.Kind.Should().Be("contact");
        sent.Html.Should().Contain("<p>I cannot log in");
        var thread = await factory.QueryAsync(db => db.Threads.Include(t => t.Participants).SingleAsync(t => t.Id == sent.ConversationId));
        thread.Should().Match<ChatThread>(t => t.ContactId == session.ContactId && t.ChannelId == channel.Id && t.Type == ThreadType.Group
                                               && t.Status == ThreadStatus.Active && t.TeamId == null && t.AssigneeId == null);
        thread.Title.Should().StartWith("I cannot log in to my account");
        thread.Participants.Should().ContainSingle();
    }

    [Fact]
    public async Task Post_RetriedClientKey_ReturnsTheSameMessageAndOneConversation()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);

        var first = await client.PostAsJsonAsync("/api/widget/v1/messages", new { content = "Hello?", clientKey = "retry-1" });
        var again = await client.PostAsJsonAsync("/api/widget/v1/messages", new { content = "Hello?", clientKey = "retry-1" });

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.ReadAsync<VisitorMessage>()).Id.Should().Be((await first.ReadAsync<VisitorMessage>()).Id);
        (await factory.QueryAsync(db => db.Threads.CountAsync(t => t.ContactId == session.ContactId))).Should().Be(1);
    }

    [Fact]
    public async Task AnotherContactsConversation_NotFoundForEveryDoor()
    {
        var channel = await CreateChannelAsync(factory);
        var (alice, _) = await VisitAsync(factory, channel);
        var (mallory, _) = await VisitAsync(factory, channel);
        var secret = await SendAsync(alice, "My card ends in 4242");
        var staff = await factory.CreateUserAsync("Staff only", Roles.Agent);
        var staffThread = await factory.CreateGroupThreadAsync(staff, "Internal", await factory.CreateUserAsync("Other", Roles.Agent));

        foreach (var id in new[] { secret.ConversationId, staffThread, 999_999 })
        {
            var read = await mallory.GetAsync($"/api/widget/v1/messages?conversationId={id}");
            var post = await mallory.PostAsJsonAsync("/api/widget/v1/messages", new { conversationId = id, content = "let me in", clientKey = "m" + id });
            var rate = await mallory.PostAsJsonAsync($"/api/widget/v1/conversations/{id}/rating", new { rating = 1 });
            var seen = await mallory.PostAsJsonAsync($"/api/widget/v1/conversations/{id}/read", new { messageId = secret.Id });

            foreach (var response in new[] { read, post, rate, seen })
            {
                response.StatusCode.Should().Be(HttpStatusCode.NotFound, "conversation {0} is not Mallory's", id);
                (await response.Content.ReadAsStringAsync()).Should().NotContain("4242");
            }
        }
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Content == "let me in"))).Should().Be(0);
    }

    [Fact]
    public async Task History_PrivateNotesAndStaffEmails_NeverReachTheVisitor()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, session) = await VisitAsync(factory, channel);
        var question = await SendAsync(client, "Is the refund on its way?");
        var agent = await factory.CreateUserAsync("Agent Smith", Roles.Agent);
        var agentEmail = await factory.QueryAsync(db => db.Users.Where(u => u.Id == agent.UserId).Select(u => u.Email).SingleAsync());
        await factory.QueryAsync(async db =>
        {
            db.Messages.Add(new Message
            {
                ThreadId = question.ConversationId, Content = "Internal: customer is on the fraud list", IsPrivate = true, SenderId = agent.UserId,
                SenderName = agent.DisplayName, SenderType = SenderType.User, Status = MessageStatus.Sent, Timestamp = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        await factory.Messages.PostAsync(agent, new PostMessageRequest(question.ConversationId, "Yes, **today**.", "agent-1"));

        var history = await client.GetAsync($"/api/widget/v1/messages?conversationId={question.ConversationId}");
        var session2 = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken, visitorToken = session.VisitorToken });
        var raw = await history.Content.ReadAsStringAsync() + await session2.Content.ReadAsStringAsync();

        raw.Should().NotContain("fraud list").And.NotContain(agentEmail!).And.NotContain(agent.UserId).And.NotContain("metadata");
        var page = await HistoryAsync(client, question.ConversationId);
        page.Messages.Select(m => m.Sender.Kind).Should().Equal("contact", "agent");
        page.Messages[1].Sender.Name.Should().Be("Agent Smith");
        page.Messages[1].Html.Should().Contain("<strong>today</strong>");
        page.Messages[1].ClientKey.Should().BeNull("another sender's idempotency key is theirs");
        (await session2.ReadAsync<SessionView>()).Conversations.Single().Preview.Should().Be("Yes, today.");
    }

    [Fact]
    public async Task History_AfterAndBefore_PageByMessageId()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        var first = await SendAsync(client, "one");
        var second = await SendAsync(client, "two", first.ConversationId);
        var third = await SendAsync(client, "three", first.ConversationId);

        var after = await HistoryAsync(client, first.ConversationId, $"&after={first.Id}");
        var before = await HistoryAsync(client, first.ConversationId, $"&before={third.Id}&limit=1");

        after.Messages.Select(m => m.Id).Should().Equal(second.Id, third.Id);
        after.HasMore.Should().BeFalse();
        before.Messages.Select(m => m.Id).Should().Equal(second.Id);
        before.HasMore.Should().BeTrue();
    }

    [Fact]
    public async Task Post_ToSnoozedConversation_ReopensIt()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        var first = await SendAsync(client, "Hello");
        await factory.QueryAsync(async db =>
        {
            var t = await db.Threads.FindAsync(first.ConversationId);
            (t!.Status, t.SnoozedUntil) = (ThreadStatus.Snoozed, DateTime.UtcNow.AddDays(1));
            return await db.SaveChangesAsync();
        });

        var reply = await SendAsync(client, "Any news?", first.ConversationId);

        reply.ConversationId.Should().Be(first.ConversationId);
        var thread = await factory.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == first.ConversationId));
        (thread.Status, thread.SnoozedUntil).Should().Be((ThreadStatus.Active, (DateTime?)null));
        (await StaffLinesAsync(first.ConversationId)).Should().ContainSingle().Which.Should().StartWith("Reopened: the customer wrote while the conversation was snoozed");
        (await HistoryAsync(client, first.ConversationId)).Messages.Select(m => m.Content).Should().Equal("Hello", "Any news?");
    }

    [Fact]
    public async Task Post_ToResolvedWithinWindow_ReopensTheSameConversation()
    {
        var channel = await CreateChannelAsync(factory, c => c.ReopenWindowHours = 24);
        var (client, _) = await VisitAsync(factory, channel);
        var first = await SendAsync(client, "Hello");
        await ResolveAsync(factory, first.ConversationId, TimeSpan.FromHours(23));

        var again = await SendAsync(client, "Actually, one more thing", first.ConversationId);

        again.ConversationId.Should().Be(first.ConversationId);
        (await factory.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == first.ConversationId))).Status.Should().Be(ThreadStatus.Active);
        (await HistoryAsync(client, first.ConversationId)).Messages.Select(m => m.Content).Should().Equal("Hello", "Actually, one more thing");
        (await StaffLinesAsync(first.ConversationId)).Should().ContainSingle().Which.Should().StartWith("Reopened: the customer wrote within 24 h");
    }

    [Fact]
    public async Task Post_ToResolvedAfterWindow_StartsANewConversationLinkedToIt()
    {
        var channel = await CreateChannelAsync(factory, c => c.ReopenWindowHours = 24);
        var (client, session) = await VisitAsync(factory, channel);
        var first = await SendAsync(client, "Hello");
        await ResolveAsync(factory, first.ConversationId, TimeSpan.FromHours(25));

        var later = await SendAsync(client, "New problem", first.ConversationId);

        later.ConversationId.Should().NotBe(first.ConversationId);
        var threads = await factory.QueryAsync(db => db.Threads.Where(t => t.ContactId == session.ContactId).OrderBy(t => t.Id).ToListAsync());
        threads.Select(t => t.Status).Should().Equal(ThreadStatus.Archived, ThreadStatus.Active);
        threads[1].PreviousThreadId.Should().Be(first.ConversationId);
        (await HistoryAsync(client, later.ConversationId)).Messages.Select(m => m.Content).Should().Equal("New problem");
        (await StaffLinesAsync(later.ConversationId)).Should().Equal($"Follows the customer's earlier conversation #{first.ConversationId}, resolved more than 24 h ago.");
    }

    [Fact]
    public async Task Rating_OnlyOnceAndOnlyWhenResolved()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        var first = await SendAsync(client, "Thanks for the help");
        var url = $"/api/widget/v1/conversations/{first.ConversationId}/rating";

        var whileOpen = await client.PostAsJsonAsync(url, new { rating = 5 });
        await ResolveAsync(factory, first.ConversationId, TimeSpan.FromMinutes(1));
        var outOfRange = await client.PostAsJsonAsync(url, new { rating = 6 });
        var longComment = await client.PostAsJsonAsync(url, new { rating = 4, comment = new string('x', 1001) });
        var rated = await client.PostAsJsonAsync(url, new { rating = 4, comment = "Quick and kind" });
        var twice = await client.PostAsJsonAsync(url, new { rating = 1 });

        whileOpen.StatusCode.Should().Be(HttpStatusCode.Conflict);
        outOfRange.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await outOfRange.ReadProblemAsync()).Errors.Should().ContainKey("rating");
        longComment.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        rated.StatusCode.Should().Be(HttpStatusCode.NoContent);
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await twice.ReadProblemAsync()).Title.Should().Be("Already rated");
        var thread = await factory.QueryAsync(db => db.Threads.SingleAsync(t => t.Id == first.ConversationId));
        (thread.Rating, thread.RatingComment, thread.Status).Should().Be((4, "Quick and kind", ThreadStatus.Archived));
        thread.RatedAt.Should().NotBeNull();
        (await StaffLinesAsync(first.ConversationId)).Should().Equal("Rated 4/5: Quick and kind");
        (await HistoryAsync(client, first.ConversationId)).Messages.Should().OnlyContain(m => m.Sender.Kind == "contact", "the app's lines are for staff");
    }

    [Fact]
    public async Task Read_VisitorSawAgentReply_TurnsItRead()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        var question = await SendAsync(client, "Hello?");
        var agent = await factory.CreateUserAsync("Reader agent", Roles.Agent);
        var reply = await factory.Messages.PostAsync(agent, new PostMessageRequest(question.ConversationId, "Hi!", "a1"));

        var response = await client.PostAsJsonAsync($"/api/widget/v1/conversations/{question.ConversationId}/read", new { messageId = reply.Message.Id });

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await factory.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == reply.Message.Id))).Status.Should().Be(MessageStatus.Read);
    }

    [Fact]
    public async Task Files_UploadedAndAttached_DownloadOnlyByTheSignedLink()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        using var form = new MultipartFormDataContent();
        var bytes = System.Text.Encoding.UTF8.GetBytes("order 1234\n");
        form.Add(new ByteArrayContent(bytes) { Headers = { ContentType = new("text/plain") } }, "file", "order.txt");

        var upload = await client.PostAsync("/api/widget/v1/files", form);
        var uploaded = await upload.ReadAsync<VisitorUploadView>();
        var post = await client.PostAsJsonAsync("/api/widget/v1/messages", new { content = "", clientKey = "with-file", attachmentIds = new[] { uploaded.Id } });
        var message = await post.ReadAsync<VisitorMessage>();
        var link = message.Attachments.Single().Url;
        var download = await factory.CreateClient().GetAsync(link);
        var forged = await factory.CreateClient().GetAsync($"/api/widget/v1/files/{message.Attachments.Single().Id}?sig=forged");

        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        uploaded.Name.Should().Be("order.txt");
        post.StatusCode.Should().Be(HttpStatusCode.Created);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        download.Headers.GetValues("X-Content-Type-Options").Should().Contain("nosniff");
        forged.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StaffSignedInBrowser_IsOnlyAVisitorByToken()
    {
        var channel = await CreateChannelAsync(factory);
        var (visitor, _) = await VisitAsync(factory, channel);
        var staff = await factory.CreateUserAsync("Agent on the widget", Roles.Agent);
        var keyClient = await factory.CreateClientForAsync(staff);
        keyClient.DefaultRequestHeaders.Add("Origin", ShopOrigin);
        var (email, password) = (await factory.QueryAsync(db => db.Users.Where(u => u.Id == staff.UserId).Select(u => u.Email).SingleAsync()), "Correct-horse-1");
        await FormSignIn.SetPasswordAsync(factory.Services, staff.UserId, password);
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookie = await FormSignIn.SignInAsync(browser, email!, password);
        var mine = await SendAsync(visitor, "Visitor's own question");

        var byKey = await keyClient.GetAsync($"/api/widget/v1/messages?conversationId={mine.ConversationId}");
        using var byCookie = new HttpRequestMessage(HttpMethod.Get, $"/api/widget/v1/messages?conversationId={mine.ConversationId}");
        byCookie.Headers.Add("Cookie", cookie);
        var cookieAnswer = await browser.SendAsync(byCookie);
        using var cookieAndToken = new HttpRequestMessage(HttpMethod.Post, "/api/widget/v1/messages")
        {
            Content = JsonContent.Create(new { conversationId = mine.ConversationId, content = "From a browser that is also signed in", clientKey = "both" }),
        };
        cookieAndToken.Headers.Add("Cookie", cookie);
        cookieAndToken.Headers.Authorization = visitor.DefaultRequestHeaders.Authorization;
        var both = await browser.SendAsync(cookieAndToken);

        byKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a staff key is no visitor token");
        cookieAnswer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the staff cookie is never read on the widget's paths");
        both.StatusCode.Should().Be(HttpStatusCode.Created, "no antiforgery token is asked of a bearer visitor token");
        (await both.ReadAsync<VisitorMessage>()).Sender.Kind.Should().Be("contact");
    }

    /// <summary>The widget's staff-only lines in a conversation (reopened, follows, rated), oldest first; routing's are its own.</summary>
    private async Task<List<string>> StaffLinesAsync(long conversationId)
    {
        var lines = await factory.QueryAsync(db => db.Messages.Where(m => m.ThreadId == conversationId && m.SenderType == SenderType.System && m.IsPrivate)
            .OrderBy(m => m.Id).ToListAsync());
        return [.. lines.Where(m => m.Metadata?.System?.Type == "conversation").Select(m => m.Content)];
    }
}
