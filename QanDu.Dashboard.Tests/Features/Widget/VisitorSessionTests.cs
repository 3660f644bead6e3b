using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Widget;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>Widget sessions: anonymous visitors, returning ones, and the host site's users proven by their HMAC hash.</summary>
public sealed class VisitorSessionTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Session_Anonymous_IssuesTokenStoredOnlyAsHash()
    {
        var channel = await CreateChannelAsync(factory, c => c.Greeting = "Hi there");

        var (_, session) = await VisitAsync(factory, channel);

        session.VisitorToken.Length.Should().BeGreaterThanOrEqualTo(43, "32 random bytes in base64url");
        session.Verified.Should().BeFalse();
        session.Channel.Greeting.Should().Be("Hi there");
        session.Channel.Verification.Should().Be("optional");
        session.Conversations.Should().BeEmpty();
        var hashes = await factory.QueryAsync(db => db.VisitorTokens.Where(t => t.ContactId == session.ContactId).Select(t => t.TokenHash).ToListAsync());
        hashes.Should().Equal(VisitorTokens.Hash(session.VisitorToken));
        hashes[0].Should().NotContain(session.VisitorToken);
    }

    [Fact]
    public async Task Session_ResumedWithToken_SameContactAndItsConversations()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, first) = await VisitAsync(factory, channel);
        var sent = await SendAsync(client, "Where is my order?");

        var response = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken, visitorToken = first.VisitorToken });

        var again = await response.ReadAsync<SessionView>();
        again.ContactId.Should().Be(first.ContactId);
        again.VisitorToken.Should().Be(first.VisitorToken);
        again.Conversations.Should().ContainSingle().Which.Should().Match<ConversationView>(c =>
            c.Id == sent.ConversationId && c.Status == "open" && c.Preview == "Where is my order?");
    }

    [Fact]
    public async Task Session_IdentifiedWithCorrectHash_ShowsEarlierConversationsInAnotherBrowser()
    {
        var channel = await CreateChannelAsync(factory);
        var identify = new { websiteToken = channel.WebsiteToken, identifier = "user-42", identifierHash = HashOf(channel, "user-42"), name = "Ada", email = "ada@example.com" };
        var (laptop, first) = await VisitAsync(factory, channel, identify);
        var sent = await SendAsync(laptop, "My invoice is wrong");

        var (_, phone) = await VisitAsync(factory, channel, identify);

        first.Verified.Should().BeTrue();
        phone.Verified.Should().BeTrue();
        phone.ContactId.Should().Be(first.ContactId);
        phone.Contact.Should().Be(new ContactView("Ada", "ada@example.com"));
        phone.Conversations.Select(c => c.Id).Should().Equal(sent.ConversationId);
    }

    [Fact]
    public async Task Session_AnonymousVisitorIdentifies_KeepsTheConversationsStartedBefore()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, anonymous) = await VisitAsync(factory, channel);
        var sent = await SendAsync(client, "Question before signing in");

        var (_, identified) = await VisitAsync(factory, channel, new
        {
            websiteToken = channel.WebsiteToken, visitorToken = anonymous.VisitorToken, identifier = "user-7", identifierHash = HashOf(channel, "user-7"),
        });

        identified.ContactId.Should().Be(anonymous.ContactId, "a new identifier makes the anonymous visitor that contact");
        identified.Verified.Should().BeTrue();
        identified.Conversations.Select(c => c.Id).Should().Equal(sent.ConversationId);
    }

    [Fact]
    public async Task Session_WrongHash_RefusedAndNothingChanges()
    {
        var channel = await CreateChannelAsync(factory);
        var (victim, _) = await VisitAsync(factory, channel, new { websiteToken = channel.WebsiteToken, identifier = "victim", identifierHash = HashOf(channel, "victim") });
        await SendAsync(victim, "Private order details");
        var contactsBefore = await factory.QueryAsync(db => db.Contacts.CountAsync());

        var response = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken, identifier = "victim", identifierHash = HashOf(channel, "victim2") });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.ReadProblemAsync()).Title.Should().Be("identity verification failed");
        (await factory.QueryAsync(db => db.Contacts.CountAsync())).Should().Be(contactsBefore);
    }

    [Fact]
    public async Task Session_VerificationRequired_RefusesUnverifiedSessionsAndTokens()
    {
        var channel = await CreateChannelAsync(factory);
        var (anonymous, _) = await VisitAsync(factory, channel);
        var earlier = await SendAsync(anonymous, "Sent while verification was optional");
        await UpdateChannelAsync(factory, channel.Id, c => c.Verification = IdentityVerification.Required);

        var session = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken });
        var read = await anonymous.GetAsync($"/api/widget/v1/messages?conversationId={earlier.ConversationId}");
        var post = await anonymous.PostAsJsonAsync("/api/widget/v1/messages", new { content = "still here?", clientKey = "k1" });
        var (verified, proven) = await VisitAsync(factory, channel, new { websiteToken = channel.WebsiteToken, identifier = "u-9", identifierHash = HashOf(channel, "u-9") });

        session.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await session.ReadProblemAsync()).Title.Should().Be("identity verification failed");
        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await read.ReadProblemAsync()).Title.Should().Be("identity verification failed");
        post.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        proven.Verified.Should().BeTrue();
        (await SendAsync(verified, "Verified message")).Content.Should().Be("Verified message");
    }

    [Fact]
    public async Task Session_PreChatAndPage_UpdateTheContact()
    {
        var channel = await CreateChannelAsync(factory, c => c.PreChatEmail = PreChatField.Required);
        var (client, session) = await VisitAsync(factory, channel);
        var refused = await client.PostAsJsonAsync("/api/widget/v1/messages", new { content = "Hello", clientKey = "before-form" });

        var bad = await PostSessionAsync(client, new { websiteToken = channel.WebsiteToken, visitorToken = session.VisitorToken, email = "not-an-email" });
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        var form = await PostSessionAsync(client, new
        {
            websiteToken = channel.WebsiteToken, visitorToken = session.VisitorToken, name = "Grace", email = "grace@example.com",
            page = new { url = "https://shop.example.com/cart", title = "Your cart" }, attributes = new Dictionary<string, string> { ["plan"] = "pro" },
        });
        var sent = await SendAsync(client, "Hello");

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync()).Errors.Should().ContainKey("email");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        sent.Sender.Should().Be(new SenderView("contact", "Grace"));
        var contact = await factory.QueryAsync(db => db.Contacts.SingleAsync(c => c.Id == session.ContactId));
        contact.Should().Match<Contact>(c => c.Name == "Grace" && c.Email == "grace@example.com" && c.Browser == "Chrome 131" && c.Os == "Windows"
                                             && c.LastPageUrl == "https://shop.example.com/cart" && c.LastPageTitle == "Your cart");
        contact.Attributes.Should().Contain("plan", "pro");
    }

    [Fact]
    public async Task Session_TooManyAttributes_RefusedNamingTheLimit()
    {
        var channel = await CreateChannelAsync(factory);
        var attributes = Enumerable.Range(0, 51).ToDictionary(i => "k" + i, i => "v");

        var response = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken, attributes });
        var longValue = await PostSessionAsync(Visitor(factory), new { websiteToken = channel.WebsiteToken, attributes = new Dictionary<string, string> { ["k"] = new string('x', 501) } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Detail.Should().Contain("50 attributes");
        longValue.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Session_UnknownWebsiteToken_NotFound()
    {
        var response = await PostSessionAsync(Visitor(factory), new { websiteToken = "wt_nothing" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Contain("wt_nothing");
    }

    [Fact]
    public async Task Origin_NotAllowed_RefusedNamingIt()
    {
        var channel = await CreateChannelAsync(factory);
        var (client, _) = await VisitAsync(factory, channel);
        var stranger = factory.CreateClient();
        stranger.DefaultRequestHeaders.Add("Origin", "https://evil.example");

        var session = await PostSessionAsync(stranger, new { websiteToken = channel.WebsiteToken });
        using var framed = new HttpRequestMessage(HttpMethod.Post, "/api/widget/v1/messages") { Content = JsonContent.Create(new { content = "hi", clientKey = "x" }) };
        framed.Headers.Add("X-Widget-Host", "https://evil.example:8443");
        var fromFrame = await client.SendAsync(framed);

        session.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await session.ReadProblemAsync()).Detail.Should().Contain("https://evil.example").And.Contain(channel.Name);
        fromFrame.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fromFrame.ReadProblemAsync()).Detail.Should().Contain("https://evil.example:8443");
        (await factory.QueryAsync(db => db.Messages.CountAsync(m => m.Content == "hi"))).Should().Be(0);
    }
}
