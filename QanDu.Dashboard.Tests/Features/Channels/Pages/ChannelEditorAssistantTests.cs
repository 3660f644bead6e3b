using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Channels;
using QanDu.Dashboard.Features.Channels.Pages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Channels.Pages;

/// <summary>The channel editor's "Assistant first replies" section: what it does, said in the page, and saved through the service.</summary>
public sealed class ChannelEditorAssistantTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    // MudBlazor puts the test id on the input itself or on its wrapper, depending on the component.
    private const string Threshold = "input[data-testid=channel-assistant-threshold], [data-testid=channel-assistant-threshold] input";
    private const string Switch = "input[data-testid=channel-assistant-first-reply], [data-testid=channel-assistant-first-reply] input";

    [Fact]
    public async Task Editor_TurnOnWithAThreshold_ExplainsHandOffAndSaves()
    {
        var admin = await App.CreateUserAsync("Alex Assistant", Roles.Admin);
        SignInAs(admin);
        var channel = await App.CreateChannelAsync(admin, ChannelTestKit.ValidRequest("Assistant shop"));
        ChannelView? saved = null;
        var editor = Render<ChannelEditor>(p => p.Add(e => e.Channel, channel).Add(e => e.OnSaved, (ChannelView c) => saved = c));

        var section = editor.Find("[data-testid=channel-assistant]");
        section.TextContent.Should().Contain("public help-center articles only").And.Contain("passes the customer to a person");
        editor.Find(Threshold).HasAttribute("disabled").Should().BeTrue("off by default, the threshold waits");

        editor.Find(Switch).Change(true);
        editor.WaitForAssertion(() => editor.Find(Threshold).HasAttribute("disabled").Should().BeFalse(), Live);
        editor.Find(Threshold).Change("0.75");
        editor.Find("form").Submit();

        editor.WaitForAssertion(() => saved.Should().NotBeNull(), Live);
        saved!.AssistantFirstReply.Should().BeTrue();
        saved.AssistantHandOffThreshold.Should().Be(0.75);
    }
}
