using Bunit;
using Microsoft.EntityFrameworkCore;
using AngleSharp.Dom;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Features.Contacts;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Analysis.Components;

/// <summary>Correcting an intent from its chip in the open thread: pick from the known intents, the chip changes, the correction is stored.</summary>
public sealed class IntentChipTests() : ComponentTestContext(analysis: true)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task IntentChip_AgentPicksAnotherIntent_ChipShowsCorrectionAndItIsStored()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await App.CreateContactAsync("Rosa Diaz", $"rosa-{Guid.NewGuid():N}@example.com");
        var thread = await App.CreateConversationAsync(contact, maya, "Hi");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.FindAll("[data-testid=message]").Should().HaveCount(1), Live);
        var posted = (await PostAsync(ContactService.CallerFor(contact), thread, "My parcel has not arrived yet")).Message;
        IElement Chip() => view.FindAll("[data-testid=message]").Single(m => m.TextContent.Contains("My parcel")).QuerySelector("[data-testid=analysis-intent]")!;
        view.WaitForAssertion(() => Chip().TextContent.Trim().Should().Be("account"), Live);

        Chip().Click();
        view.WaitForAssertion(() => view.FindAll("[data-testid=intent-option]").Select(o => o.GetAttribute("data-intent")).Should()
            .Contain(["billing", "complaint", "technical", "urgent"]).And.HaveCountGreaterThan(8), Live);
        view.Find("[data-testid=intent-option][data-intent=complaint]").Click();

        view.WaitForAssertion(() => Chip().TextContent.Trim().Should().Be("complaint ✓"), Live);
        view.FindAll("[data-testid=intent-picker]").Should().BeEmpty("the list closes after a pick");
        var correction = await App.QueryAsync(db => db.IntentCorrections.SingleAsync(c => c.MessageId == posted.Id));
        correction.Should().BeEquivalentTo(new { PreviousIntent = "account", Intent = "complaint", maya.UserId, Text = "My parcel has not arrived yet" });
    }
}
