using Bunit;
using QanDu.Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Analysis.Components;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Features.Contacts;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis.Components;

/// <summary>The chips on a message: what they say, nothing before analysis, live in an open thread, and only on customers' messages.</summary>
public sealed class AnalysisChipsTests() : ComponentTestContext(analysis: true)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public void Render_AnalysedMessage_SentimentIntentAndLanguageWithTooltips()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, new AnalysisMetadata("negative", "feature_request", "de", -0.6249)));

        var sentiment = chips.Find("[data-testid=analysis-sentiment]");
        sentiment.GetAttribute("title").Should().Be("Sentiment: negative (-0.62)");
        sentiment.ClassList.Should().Contain("qd-analysis-sentiment--negative");
        chips.Find("[data-testid=analysis-intent]").TextContent.Should().Be("feature request");
        chips.Find("[data-testid=analysis-intent]").GetAttribute("title").Should().Be("Intent: feature request");
        chips.Find("[data-testid=analysis-language]").TextContent.Should().Be("DE");
        chips.Find("[data-testid=analysis-language]").GetAttribute("title").Should().Be("Language: German (de)");
    }

    [Fact]
    public void Render_NotAnalysed_RendersNothing()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, null));

        chips.Markup.Trim().Should().BeEmpty();
    }

    [Fact]
    public void Render_UndeterminedLanguage_NoLanguageChip()
    {
        var chips = Render<AnalysisChips>(p => p.Add(c => c.Analysis, new AnalysisMetadata("neutral", "greeting", "und", 0)));

        chips.FindAll("[data-testid=analysis-language]").Should().BeEmpty();
        chips.Find("[data-testid=analysis-sentiment]").GetAttribute("title").Should().Be("Sentiment: neutral (0.00)");
    }

    [Fact]
    public async Task ThreadView_CustomerMessagePosted_ChipsAppearLiveOnceAnalysed()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await App.CreateContactAsync("Rosa Diaz", $"rosa-{Guid.NewGuid():N}@example.com");
        var thread = await App.CreateConversationAsync(contact, maya, "Hi");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(1), Live);

        await PostAsync(ContactService.CallerFor(contact), thread, "The export is broken again and I am really frustrated");

        view.WaitForAssertion(() =>
        {
            var customerMessage = view.FindAll("[data-testid=message]").Single(m => m.TextContent.Contains("The export is broken"));
            customerMessage.QuerySelector("[data-testid=analysis-sentiment]")!.GetAttribute("title").Should().StartWith("Sentiment: negative (-");
            customerMessage.QuerySelector("[data-testid=analysis-language]")!.TextContent.Should().Be("EN");
        }, Live);
    }

    [Fact]
    public async Task ThreadView_AgentAndCustomerMessages_ChipsOnlyOnTheCustomers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Supervisor);
        var contact = await App.CreateContactAsync("Rosa Diaz", $"rosa-{Guid.NewGuid():N}@example.com");
        var thread = await App.CreateConversationAsync(contact, maya, "Please hurry, the checkout is broken!!!", tom.UserId);
        await PostAsync(tom, thread, "I am sorry, we are on it and it will be fixed within the hour");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        await PostAsync(maya, thread, "Thanks for waiting, the checkout works again");

        view.WaitForAssertion(() =>
        {
            var messages = view.FindAll("[data-testid=message]");
            messages.Should().HaveCount(3);
            var customer = messages.Single(m => m.TextContent.Contains("Please hurry"));
            customer.QuerySelector("[data-testid=analysis-sentiment]")!.GetAttribute("title").Should().StartWith("Sentiment: negative (-");
            customer.QuerySelector("[data-testid=analysis-intent]").Should().NotBeNull();
            foreach (var staff in messages.Where(m => !m.TextContent.Contains("Please hurry")))
                staff.QuerySelectorAll("[data-testid=analysis-chips]").Should().BeEmpty("agents' and supervisors' messages need no intent");
        }, Live);
        // Staff messages are still analysed: reports read them.
        var deadline = DateTime.UtcNow + Live;
        List<Message> stored;
        do
        {
            await Task.Delay(100);
            stored = await App.QueryAsync(db => db.Messages.AsNoTracking().Where(m => m.ThreadId == thread).ToListAsync());
        } while (stored.Any(m => m.Metadata?.Analysis is null) && DateTime.UtcNow < deadline);
        stored.Should().HaveCount(3).And.OnlyContain(m => m.Metadata!.Analysis != null);
    }
}
