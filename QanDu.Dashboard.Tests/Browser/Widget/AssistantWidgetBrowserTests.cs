using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Knowledge;
using QanDu.Dashboard.Tests.Features.WidgetFrame;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace QanDu.Dashboard.Tests.Browser.Widget;

/// <summary>
/// The widget with the assistant answering first and a public help center, as a customer on another website uses it:
/// a cited answer that streams into one bubble, "Was this helpful?", a person on request (the conversation reaches the
/// agent's queue with the hand-off note, and the agent's reply reaches the customer), and help search before a
/// conversation starts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AssistantWidgetBrowserTests(AssistantWidgetBrowserTests.Fixture app, ITestOutputHelper output)
    : IClassFixture<AssistantWidgetBrowserTests.Fixture>
{
    /// <summary>The widget's app with the offline assistant writing slowly enough that its answer is seen growing.</summary>
    public sealed class Fixture : WidgetBrowserFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Ai:Local:TokenDelay"] = "00:00:00.040" };
    }

    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 15_000 };

    [BrowserFact]
    public async Task CoveredQuestion_AssistantAnswersCitedThenCustomerAsksForPerson_AgentGetsItWithNoteAndReplies()
    {
        var article = await PublicArticleAsync("Claiming the warranty on a canoe paddle",
            "Every canoe paddle we sell has a two-year warranty. To claim it, photograph the damage and your receipt, then send both " +
            "from your order page under **Warranty claim**. We ship a replacement paddle within five working days once the claim is approved.");
        var channel = await AssistantChannelAsync();
        await using var maya = await app.SignInAsync(DemoUsers.Maya, "/?view=unassigned");
        await Expect(maya.Page.GetByTestId("view-unassigned")).ToHaveAttributeAsync("aria-selected", "true", new() { Timeout = 15_000 });
        await using var customer = await OpenHostAsync(channel);
        var widget = await OpenWidgetAsync(customer);
        var frame = customer.Page.Frames.First(f => f.Url.Contains("/widget/frame", StringComparison.Ordinal));
        await RecordAssistantBubblesAsync(frame);
        var question = $"How do I claim the warranty on my canoe paddle? {Unique()}";

        await SendAsync(widget, question);

        // The assistant's answer: labelled as the assistant, cited, grown in one bubble, then "Was this helpful?".
        var answer = widget.Locator(".qd-msg--assistant");
        await Expect(answer).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(answer).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 30_000 });
        await Expect(answer.GetByTestId("ai-badge")).ToHaveTextAsync("AI assistant");
        await Expect(answer.Locator(".qd-sender")).ToContainTextAsync("AI assistant");
        var source = answer.Locator("a.qd-source");
        await Expect(source).ToHaveCountAsync(1);
        await Expect(source).ToHaveAttributeAsync("href", HelpLinks.Article(article.Id, article.Title));
        await Expect(source).ToHaveAttributeAsync("target", "_blank");
        await Expect(source).ToHaveAttributeAsync("rel", new System.Text.RegularExpressions.Regex(@"\bnoopener\b"));
        await Expect(source).ToContainTextAsync("canoe paddle");
        await Expect(answer.Locator(".qd-content")).ToContainTextAsync("photograph the damage");
        await Expect(answer.GetByRole(AriaRole.Group, new() { Name = "Was this helpful?" })).ToBeVisibleAsync();
        await Expect(customer.Page.Locator("[data-qandu-unread]")).ToBeHiddenAsync(); // read as it came: the panel is open on it
        var seen = await frame.EvaluateAsync<string[][]>("() => window.qdBubbles");
        output.WriteLine($"assistant bubble as drawn: {string.Join(" | ", seen.Select(s => string.Join(',', s)))}");
        seen.Select(s => s[0]).Distinct().Should().ContainSingle("the answer grows in one bubble, never a second one");
        var growing = seen.Where(s => s[1] == "sending").Select(s => int.Parse(s[2])).Distinct().ToList();
        growing.Count(length => length > 0).Should().BeGreaterThan(1, "the answer is shown growing while the assistant writes it");
        growing.Should().BeInAscendingOrder("streamed text only grows");
        await Screens.SaveAsync(customer.Page, "widget-assistant-answer");
        var threadId = await app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.Content == question).Select(m => m.ThreadId).SingleAsync());
        (await app.QueryAsync(db => db.Threads.AsNoTracking().Where(t => t.Id == threadId).Select(t => t.Status).SingleAsync()))
            .Should().Be(ThreadStatus.Pending, "the assistant still has the conversation");

        // The customer asks for a person: the widget says one will reply; the conversation opens with the hand-off note.
        await widget.GetByTestId("talk-to-person").ClickAsync();
        await Expect(widget.GetByTestId("handoff")).ToHaveTextAsync("A person from the team will reply here.", new() { Timeout = 15_000 });
        await Expect(widget.GetByTestId("talk-to-person")).ToHaveCountAsync(0);
        var thread = await app.QueryAsync(db => db.Threads.AsNoTracking().SingleAsync(t => t.Id == threadId));
        thread.Status.Should().Be(ThreadStatus.Active);
        thread.HandOffReason.Should().Be("asked-for-person");
        var note = await EventuallyAsync(() => app.QueryAsync(db => db.Messages.AsNoTracking()
            .Where(m => m.ThreadId == threadId && m.SenderType == SenderType.System && m.IsPrivate).Select(m => m.Content).FirstOrDefaultAsync()));
        output.WriteLine($"hand-off note: {note}");

        await Expect(maya.ThreadItem(threadId)).ToBeVisibleAsync(Visible);
        await maya.ThreadItem(threadId).ClickAsync();
        await maya.WaitForThreadAsync(threadId);
        await Expect(maya.Page.GetByTestId("activity-line").Filter(new() { HasText = note.Split('\n')[0] })).ToBeVisibleAsync(Visible);
        var reply = $"I've started the claim for you, a new paddle is on its way {Unique()}";
        await maya.Composer.FillAsync(reply);
        await maya.Composer.PressAsync("Enter");

        var replied = Message(widget, reply);
        await Expect(replied).ToBeVisibleAsync(Visible);
        await Expect(replied).ToHaveCountAsync(1);
        await Expect(replied.Locator(".qd-sender")).ToHaveTextAsync("Maya Chen");
        await Expect(widget.GetByTestId("handoff")).ToHaveCountAsync(0);
        customer.ShouldHaveLoadedCleanly();
        maya.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task NotHelpful_ByKeyboard_ShowsTheChoiceAndHandsToAPerson()
    {
        await PublicArticleAsync("Relighting the Summit camping stove igniter",
            "If the Summit stove igniter clicks but does not light, dry the igniter tip, turn the gas to half and press the igniter " +
            "three times. A stove that still does not light needs a new igniter cartridge from the spare parts shop.");
        var channel = await AssistantChannelAsync();
        await using var customer = await OpenHostAsync(channel);
        var widget = await OpenWidgetAsync(customer);

        await SendAsync(widget, $"My Summit stove igniter clicks but will not light, what do I do? {Unique()}");
        var answer = widget.Locator(".qd-msg--assistant").First; // the hand-off adds the assistant's "a person will take over"
        await Expect(answer).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 30_000 });
        var no = answer.GetByRole(AriaRole.Button, new() { Name = "No" });
        await no.FocusAsync();
        await no.PressAsync("Enter");

        var feedback = answer.GetByTestId("feedback");
        await Expect(feedback).ToHaveTextAsync("You said this did not help. A person from the team will take over here.", new() { Timeout = 15_000 });
        await Expect(feedback).ToBeFocusedAsync();
        await Expect(widget.GetByTestId("handoff")).ToHaveTextAsync("A person from the team will reply here.", new() { Timeout = 15_000 });
        var messageId = long.Parse((await answer.GetAttributeAsync("data-id"))!);
        var threadId = await app.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => m.ThreadId).SingleAsync());
        var thread = await EventuallyAsync(() => app.QueryAsync(db => db.Threads.AsNoTracking().Where(t => t.Id == threadId && t.HandedOffAt != null).FirstOrDefaultAsync()));
        thread.HandOffReason.Should().Be("not-helpful");

        // After a reload the vote is still shown, not asked again.
        await customer.Page.ReloadAsync();
        widget = await OpenWidgetAsync(customer);
        await Expect(widget.Locator(".qd-msg--assistant").First.GetByTestId("feedback")).ToHaveAttributeAsync("data-feedback", "unhelpful", new() { Timeout = 15_000 });
        customer.ShouldHaveLoadedCleanly();
    }

    [BrowserFact]
    public async Task HelpSearch_BeforeAConversation_FindsReadsAndGoesBackThenTypingStartsTheChat()
    {
        var article = await PublicArticleAsync("Waxing cross-country skis for cold snow",
            "Use a hard green glide wax below minus ten degrees. Iron it in at low heat, let the skis cool for twenty minutes, " +
            "then scrape and brush toward the tail.");
        var channel = await AssistantChannelAsync();
        await using var customer = await OpenHostAsync(channel);
        var widget = await OpenWidgetAsync(customer);

        var search = widget.GetByLabel("Find an answer");
        await Expect(search).ToBeVisibleAsync();
        await search.FillAsync("wax cross-country skis");
        var result = widget.GetByTestId("help-result").Filter(new() { HasText = article.Title });
        await Expect(result).ToBeVisibleAsync(Visible);
        await Screens.SaveAsync(customer.Page, "widget-help-search");

        await result.ClickAsync();
        var reading = widget.GetByTestId("help-article");
        await Expect(reading.GetByRole(AriaRole.Heading, new() { Name = article.Title })).ToBeVisibleAsync(Visible);
        await Expect(reading.Locator(".qd-article-text")).ToContainTextAsync("hard green glide wax", new() { Timeout = 15_000 });
        var full = reading.GetByRole(AriaRole.Link, new() { Name = "Open in the help center" });
        await Expect(full).ToHaveAttributeAsync("href", HelpLinks.Article(article.Id, article.Title));
        await Expect(full).ToHaveAttributeAsync("target", "_blank");
        await Expect(widget.GetByTestId("article-back")).ToBeFocusedAsync();
        await Screens.SaveAsync(customer.Page, "widget-help-article");

        await widget.GetByTestId("article-back").PressAsync("Enter");
        await Expect(search).ToBeFocusedAsync();
        await Expect(search).ToHaveValueAsync("wax cross-country skis");
        await Expect(result).ToBeVisibleAsync(); // the results are still there

        var question = $"Which wax for wet spring snow then? {Unique()}";
        await SendAsync(widget, question);
        await Expect(Message(widget, question).GetByTestId("message-status")).ToHaveTextAsync(" · Sent", new() { Timeout = 15_000 });
        await Expect(search).ToHaveCountAsync(0); // a conversation started: the search makes way for it
        customer.ShouldHaveLoadedCleanly();
    }

    private async Task<KnowledgeArticleView> PublicArticleAsync(string title, string body)
    {
        var supervisor = await app.CallerAsync(DemoUsers.Supervisor) with { SeesAllThreads = true }; // a supervisor writes articles
        return await app.Services.GetRequiredService<KnowledgeService>().CreateAsync(supervisor,
            new SaveKnowledgeRequest(title, body, "en", Status: KnowledgeStatus.Published, Audience: KnowledgeAudience.Public));
    }

    /// <summary>A channel on which the assistant answers first; a low hand-off threshold, so a covered question gets its answer.</summary>
    private Task<WebsiteChannel> AssistantChannelAsync() =>
        TestChannels.CreateAsync(app.Services, [app.Allowed.OriginText], c =>
        {
            c.AssistantFirstReply = true;
            c.AssistantHandOffThreshold = 0.2;
        });

    /// <summary>Every time the frame's DOM changes, each assistant bubble's id, status and text length, into window.qdBubbles.</summary>
    private static Task RecordAssistantBubblesAsync(IFrame frame) => frame.EvaluateAsync(
        """
        () => {
            window.qdBubbles = [];
            new MutationObserver(() => {
                for (const el of document.querySelectorAll('.qd-msg--assistant')) {
                    const row = [el.dataset.id, el.dataset.status, String(el.querySelector('.qd-content').textContent.length)];
                    const last = window.qdBubbles[window.qdBubbles.length - 1];
                    if (!last || last.join() !== row.join()) window.qdBubbles.push(row);
                }
            }).observe(document.getElementById('qd-app'), { subtree: true, childList: true, characterData: true });
        }
        """);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await read() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Not there after 15 seconds.");
            await Task.Delay(200);
        }
    }

    private async Task<UserSession> OpenHostAsync(WebsiteChannel channel)
    {
        var session = await app.OpenAnonymousAsync();
        session.Context.SetDefaultTimeout(15_000);
        session.Page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/widget/", StringComparison.Ordinal) && response.Status >= 400)
                Log($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
        session.Page.PageError += (_, error) => Log($"page error: {error}");
        await session.Page.GotoAsync(app.Allowed.PageUrl(channel.WebsiteToken));
        return session;
    }

    private static async Task<IFrameLocator> OpenWidgetAsync(UserSession session)
    {
        var launcher = session.Page.Locator("[data-qandu-widget]").Locator("button[aria-label^='Open chat']");
        await Expect(launcher).ToBeVisibleAsync(Visible);
        await launcher.ClickAsync();
        var widget = session.Page.FrameLocator("[data-qandu-widget] iframe");
        await Expect(widget.GetByLabel("Message")).ToBeVisibleAsync(Visible);
        return widget;
    }

    private static ILocator Message(IFrameLocator widget, string text) => widget.GetByTestId("message").Filter(new() { HasText = text });

    private static async Task SendAsync(IFrameLocator widget, string text)
    {
        await widget.GetByLabel("Message").FillAsync(text);
        await widget.GetByLabel("Message").PressAsync("Enter");
        await Expect(widget.GetByLabel("Message")).ToHaveValueAsync("");
    }

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; its output is closed.
        }
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
