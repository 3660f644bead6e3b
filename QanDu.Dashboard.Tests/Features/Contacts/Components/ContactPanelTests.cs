using Bunit;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Contacts;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Contacts.ContactTestKit;

namespace QanDu.Dashboard.Tests.Features.Contacts.Components;

/// <summary>The contact panel beside a customer conversation: shown open, editable in place, and live when someone else changes the contact.</summary>
public sealed class ContactPanelTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CustomerConversation_PanelOpenWithDetailsVerifiedBadgeAndEarlierConversations()
    {
        var agent = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var channel = await App.CreateChannelAsync();
        var contact = await App.CreateContactAsync("Jordan Blake", "jordan@example.com", "Blake & Partners", channel, "user-1001", "+1 415 555 0142");
        await App.AddTokenAsync(contact, channel, verified: true);
        await App.ContactService().ReplaceAttributesAsync(agent, contact.Id, new Dictionary<string, string?> { ["plan"] = "Team" });
        var earlier = await App.CreateConversationAsync(contact, agent, "An earlier question");
        var thread = await App.CreateConversationAsync(contact, agent);
        SignInAs(agent);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));

        var panel = view.WaitForElement("[data-testid=contact-panel] [data-testid=contact-card]", Live);
        view.Find("[data-testid=contact-panel-toggle]").GetAttribute("aria-pressed").Should().Be("true");
        view.Find("[data-testid=contact-email]").TextContent.Should().Be("jordan@example.com");
        view.Find("[data-testid=contact-company]").TextContent.Should().Be("Blake & Partners");
        view.Find("[data-testid=contact-phone]").TextContent.Should().Be("+1 415 555 0142");
        view.Find("[data-testid=contact-identifier]").TextContent.Should().Contain("user-1001").And.Contain("verified");
        view.Find("[data-testid=attribute-value-text]").TextContent.Should().Be("Team");
        view.FindAll("[data-testid=contact-conversation]").Should().ContainSingle()
            .Which.GetAttribute("href").Should().Be($"/threads/{earlier}", "the open conversation is not listed as an earlier one");
        panel.TextContent.Should().Contain("Jordan Blake");
    }

    [Fact]
    public async Task EditInline_SavedThroughTheServiceAndShown_BadEmailNamedBesideTheField()
    {
        var agent = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var contact = await App.CreateContactAsync("Kwame Mensah", "kwame@example.com");
        var thread = await App.CreateConversationAsync(contact, agent);
        SignInAs(agent);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForElement("[data-testid=contact-edit]", Live);

        await view.InvokeAsync(() => view.Find("[data-testid=contact-edit]").Click());
        await view.Find("input[data-testid=contact-email-input]").ChangeAsync(new() { Value = "not an email" });
        await view.Find("[data-testid=contact-form]").SubmitAsync();
        view.WaitForAssertion(() => view.Markup.Should().Contain("is not an email address"), Live);

        await view.Find("input[data-testid=contact-email-input]").ChangeAsync(new() { Value = "kwame@mensah.example" });
        await view.Find("input[data-testid=contact-company-input]").ChangeAsync(new() { Value = "Mensah Logistics" });
        await view.Find("[data-testid=contact-form]").SubmitAsync();

        view.WaitForAssertion(() => view.Find("[data-testid=contact-company]").TextContent.Should().Be("Mensah Logistics"), Live);
        view.Find("[data-testid=contact-email]").TextContent.Should().Be("kwame@mensah.example");
        (await App.QueryAsync(db => db.Contacts.Where(c => c.Id == contact.Id).Select(c => c.Company).SingleAsync())).Should().Be("Mensah Logistics");
    }

    [Fact]
    public async Task AnotherAgentAddsANote_PanelShowsItLive_AndClosingHidesThePanel()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var contact = await App.CreateContactAsync("Grace O'Connor");
        var thread = await App.CreateConversationAsync(contact, maya);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForElement("[data-testid=contact-card]", Live);

        await App.ContactService().AddNoteAsync(tom, contact.Id, "Prefers a call back in the morning.");

        view.WaitForAssertion(() => view.Find("[data-testid=note]").TextContent.Should().Contain("Prefers a call back").And.Contain("Tom Okafor"), Live);
        view.Find("[data-testid=note]").QuerySelector("[data-testid=note-delete]").Should().BeNull("only the author or an admin deletes a note");
        await view.InvokeAsync(() => view.Find("[data-testid=contact-panel-close]").Click());
        view.WaitForAssertion(() => view.FindAll("[data-testid=contact-panel]").Should().BeEmpty(), Live);
        view.Find("[data-testid=contact-panel-toggle]").GetAttribute("aria-pressed").Should().Be("false");
    }

    [Fact]
    public async Task StaffThread_NoToggleAndNoPanel()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Team chat", tom);
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForElement("[data-testid=thread-title]", Live);

        view.FindAll("[data-testid=contact-panel-toggle]").Should().BeEmpty();
        view.FindAll("[data-testid=contact-panel]").Should().BeEmpty();
    }
}
