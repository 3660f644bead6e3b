using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Widget.WidgetKit;

namespace QanDu.Dashboard.Tests.Features.Widget;

/// <summary>The widget's limits: a visitor flooding messages is stopped (429) while others go on; sessions per address.</summary>
public sealed class VisitorRateLimitTests
{
    public sealed class Messages(Messages.Limited fixture) : IClassFixture<Messages.Limited>
    {
        private readonly DashboardFactory _factory = fixture.Factory;

        [Fact]
        public async Task Messages_FloodingVisitor_429WhileAnotherVisitorsGoThrough()
        {
            var channel = await CreateChannelAsync(_factory);
            var (flooder, _) = await VisitAsync(_factory, channel);
            var (other, _) = await VisitAsync(_factory, channel);
            var first = await SendAsync(flooder, "flood 0");

            var answers = new List<HttpResponseMessage>();
            for (var i = 1; i < 9; i++)
                answers.Add(await flooder.PostAsJsonAsync("/api/widget/v1/messages", new { conversationId = first.ConversationId, content = $"flood {i}", clientKey = $"f{i}" }));
            var calm = await SendAsync(other, "calm 0");
            await SendAsync(other, "calm 1", calm.ConversationId);
            await SendAsync(other, "calm 2", calm.ConversationId);

            answers.Take(4).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created, "five messages a minute are allowed");
            var refused = answers.Skip(4).ToList();
            refused.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            refused[0].Headers.RetryAfter!.Delta.Should().BePositive("the widget waits that long before retrying");
            (await refused[0].ReadProblemAsync()).Detail.Should().Contain("5 messages a minute per visitor");
            var stored = await _factory.QueryAsync(db => db.Messages.Where(m => m.Content.StartsWith("flood ")).Select(m => m.Content).ToListAsync());
            stored.Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => $"flood {i}"), "every accepted message is stored, none of the refused");
            (await HistoryAsync(other, calm.ConversationId)).Messages.Select(m => m.Content).Should().Equal("calm 0", "calm 1", "calm 2");
        }

        public sealed class Limited : IDisposable
        {
            public DashboardFactory Factory { get; } = new() { Settings = { ["RateLimits:VisitorMessagesPerMinute"] = "5" } };

            public void Dispose() => Factory.Dispose();
        }
    }

    public sealed class Sessions(Sessions.Limited fixture) : IClassFixture<Sessions.Limited>
    {
        [Fact]
        public async Task Sessions_ManyFromOneAddress_429NamingTheLimit()
        {
            var factory = fixture.Factory;
            var channel = await CreateChannelAsync(factory);
            var client = Visitor(factory);

            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 5; i++)
                answers.Add(await PostSessionAsync(client, new { websiteToken = channel.WebsiteToken }));

            answers.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
            (await answers[3].ReadProblemAsync()).Detail.Should().Contain("3 widget sessions a minute from one address");
            answers[3].Headers.RetryAfter!.Delta.Should().BePositive();
        }

        public sealed class Limited : IDisposable
        {
            public DashboardFactory Factory { get; } = new() { Settings = { ["RateLimits:VisitorSessionsPerMinute"] = "3" } };

            public void Dispose() => Factory.Dispose();
        }
    }
}
