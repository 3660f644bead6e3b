using Bunit;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Monitoring;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Inbox.Components;

/// <summary>A supervisor's whisper alerts the agent it mentions (beep, tab count, desktop notification), and nobody else.</summary>
public sealed class AgentAlertsMentionTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Whisper_MentioningTheAgent_AlertsThemOnce_OtherNotesDoNot()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var sam = await App.CreateUserAsync("Sam Lead", Roles.Supervisor);
        var chat = await App.StartAsync("Ada Customer");
        await Threads.AssignAsync(sam, chat.ThreadId, maya.UserId);
        SignInAs(maya);
        Render<AgentAlerts>();
        await PollAsync(() => JSInterop.Invocations["qandu.notify.attach"].Should().ContainSingle());
        var whispers = App.Services.GetRequiredService<Whispers>();

        await Messages.PostAsync(sam, new PostMessageRequest(chat.ThreadId, "A note for whoever reads it", "note-1", IsPrivate: true));
        await whispers.PostAsync(sam, new PostMessageRequest(chat.ThreadId, "Offer the refund", "whisper-1"));

        // The alert renders nothing, so bUnit's render-driven waiting never looks again: poll.
        await PollAsync(() => JSInterop.Invocations["qandu.notify.alert"].Should().ContainSingle()
            .Which.Arguments.Should().Equal("mention", chat.ThreadId, "Sam Lead mentioned you in Ada Customer", "@Maya Chen Offer the refund"));
    }

    private static async Task PollAsync(Action assertion)
    {
        var until = DateTime.UtcNow + Live;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }
}
