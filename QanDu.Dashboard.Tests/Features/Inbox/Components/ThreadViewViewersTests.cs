using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>
/// Who else has a conversation open, in its header ("Tom is viewing", "Tom is typing a reply"), and the thread view's
/// looking-on mode for supervisors: live, reading nothing, joining nothing, with a whisper as its only composer.
/// </summary>
public sealed class ThreadViewViewersTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private ConversationViewers Viewers => App.Services.GetRequiredService<ConversationViewers>();

    [Fact]
    public async Task Header_OthersViewingAndTyping_ShownLiveButNeverOneselfNorASupervisorLookingOn()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var priya = await App.CreateUserAsync("Priya Shah", Roles.Agent);
        var sam = await App.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var chat = await App.StartAsync("Ada Customer");
        using var tomViewing = Viewers.Enter(chat.ThreadId, tom.UserId, tom.DisplayName);
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));

        view.WaitForAssertion(() => ViewersText(view).Should().Be("Tom is viewing"), Live);
        Viewers.Get(chat.ThreadId).Select(v => v.Name).Should().Equal("Tom Okafor", "Maya Chen");
        view.FindAll("[data-testid=viewer]").Select(v => v.GetAttribute("data-user-id")).Should().Equal(tom.UserId);

        Viewers.SetComposing(chat.ThreadId, tom.UserId, true);
        view.WaitForAssertion(() => ViewersText(view).Should().Be("Tom is typing a reply"), Live);

        using var samLooking = Viewers.Enter(chat.ThreadId, sam.UserId, sam.DisplayName, lookingOn: true);
        var priyaViewing = Viewers.Enter(chat.ThreadId, priya.UserId, priya.DisplayName);
        view.WaitForAssertion(() => ViewersText(view).Should().Be("Tom is typing a reply · Priya is viewing"), Live);
        view.FindAll("[data-testid=viewer]").Select(v => v.GetAttribute("data-user-id")).Should().Equal(tom.UserId, priya.UserId);

        Viewers.SetComposing(chat.ThreadId, tom.UserId, false);
        view.WaitForAssertion(() => ViewersText(view).Should().Be("Tom and Priya are viewing"), Live);
        priyaViewing.Dispose();
        tomViewing.Dispose();
        view.WaitForAssertion(() => view.FindAll("[data-testid=viewers]").Should().BeEmpty("only Maya and a supervisor looking on are left"), Live);
    }

    [Fact]
    public async Task Viewing_AnotherThreadOrClosed_LeavesTheConversationsViewers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var first = await App.StartAsync("First Customer");
        var second = await App.StartAsync("Second Customer");
        SignInAs(maya);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, first.ThreadId));
        view.WaitForAssertion(() => Viewers.Get(first.ThreadId).Should().ContainSingle().Which.UserId.Should().Be(maya.UserId), Live);

        view.Render(p => p.Add(c => c.ThreadId, second.ThreadId));
        view.WaitForAssertion(() => Viewers.Get(second.ThreadId).Should().ContainSingle().Which.Name.Should().Be("Maya Chen"), Live);
        Viewers.Get(first.ThreadId).Should().BeEmpty();

        await DisposeComponentsAsync(); // what a closed tab's circuit does
        Viewers.Get(second.ThreadId).Should().BeEmpty();
    }

    [Fact]
    public async Task Composer_TypingThenSending_TellsOthersOnlyWhileADraftIsWritten()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var chat = await App.StartAsync("Ada Customer");
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));
        view.WaitForAssertion(() => Viewers.Get(chat.ThreadId).Should().ContainSingle(), Live);
        var composer = view.FindComponent<Composer>();

        // The browser calls this at most once per typing throttle while the box has text, and with false when cleared.
        await view.InvokeAsync(() => composer.Instance.TypingAsync(true));
        Viewers.Get(chat.ThreadId).Single().Composing.Should().BeTrue();
        await view.InvokeAsync(() => composer.Instance.TypingAsync(false));
        Viewers.Get(chat.ThreadId).Single().Composing.Should().BeFalse();

        await view.InvokeAsync(() => composer.Instance.TypingAsync(true));
        (await view.InvokeAsync(() => composer.Instance.SubmitAsync("On its way"))).Should().BeTrue();
        Viewers.Get(chat.ThreadId).Single().Composing.Should().BeFalse("the reply was sent");
        view.WaitForAssertion(() => view.Markup.Should().Contain("On its way"), Live);

        // A private note is no reply the others should wait for.
        view.Find("[data-testid=composer-mode-note]").Click();
        await view.InvokeAsync(() => composer.Instance.TypingAsync(true));
        Viewers.Get(chat.ThreadId).Single().Composing.Should().BeFalse();
    }

    [Fact]
    public async Task LookingOn_SupervisorWatchesLive_ReadsNothingJoinsNothingAndOnlyWhispers()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await App.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var chat = await App.StartAsync("Ada Customer", "Where is my parcel?");
        await Threads.AssignAsync(sam, chat.ThreadId, maya.UserId);
        SignInAs(sam);

        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId).Add(c => c.LookingOn, true));

        view.WaitForAssertion(() => view.Markup.Should().Contain("Where is my parcel?"), Live);
        view.WaitForAssertion(() => Viewers.Get(chat.ThreadId).Should().ContainSingle()
            .Which.Should().Be(new QanDu.Dashboard.Realtime.ConversationViewer(sam.UserId, "Sam Lead", Composing: false, LookingOn: true)), Live);
        await PostAsync(chat.Customer, chat.ThreadId, "Hello? Anyone there?");
        view.WaitForAssertion(() => view.Markup.Should().Contain("Hello? Anyone there?"), Live);
        view.Find("[data-testid=whisper-label]").TextContent.Should().Contain("Whisper to Maya Chen");
        view.FindAll("[data-testid=composer-mode-reply]").Should().BeEmpty("looking on, nothing reaches the customer");
        view.FindAll("[data-testid=mark-unread]").Should().BeEmpty();
        view.FindAll("[data-testid=suggest-replies]").Should().BeEmpty();

        var composer = view.FindComponent<Composer>();
        (await view.InvokeAsync(() => composer.Instance.SubmitAsync("Offer the express refund"))).Should().BeTrue();
        view.WaitForAssertion(() => view.Markup.Should().Contain("@Maya Chen Offer the express refund"), Live);
        await Task.Delay(500); // a receipt would be on its way by now

        (await ReadStateOfAsync(chat.ThreadId, sam.UserId)).Should().Be((0, 0, 2, false),
            "looking on moves no read cursor, turns no message read, and does not join the conversation");
        var whisper = await App.QueryAsync(db => db.Messages.SingleAsync(m => m.ThreadId == chat.ThreadId && m.SenderId == sam.UserId));
        whisper.IsPrivate.Should().BeTrue();
        whisper.Content.Should().Be("@Maya Chen Offer the express refund");

        // The same supervisor opening it in the inbox does read it: the mode, not the role, leaves it unread.
        await DisposeComponentsAsync();
        var inbox = Render<ThreadView>(p => p.Add(c => c.ThreadId, chat.ThreadId));
        inbox.WaitForAssertion(() => inbox.Markup.Should().Contain("Hello? Anyone there?"), Live);
        await WaitForAsync(async () => (await ReadStateOfAsync(chat.ThreadId, sam.UserId)).Read.Should().Be(2));
    }

    /// <summary>The person's read cursors in the thread, its customer-visible messages marked read and those still only sent, and whether they take part.</summary>
    private Task<(int Cursors, int Read, int Sent, bool Participant)> ReadStateOfAsync(long threadId, string userId) =>
        App.QueryAsync(async db => (
            await db.ReadCursors.CountAsync(c => c.ThreadId == threadId && c.UserId == userId),
            await db.Messages.CountAsync(m => m.ThreadId == threadId && m.Status == MessageStatus.Read && !m.IsPrivate),
            await db.Messages.CountAsync(m => m.ThreadId == threadId && m.Status == MessageStatus.Sent && !m.IsPrivate),
            await db.Participants.AnyAsync(p => p.ThreadId == threadId && p.UserId == userId)));

    private static async Task WaitForAsync(Func<Task> assertion)
    {
        var until = DateTime.UtcNow + Live;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    private static string ViewersText(IRenderedComponent<ThreadView> view) => view.Find("[data-testid=viewers-text]").TextContent;
}
