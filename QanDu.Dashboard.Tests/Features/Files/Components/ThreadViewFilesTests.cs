using Bunit;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files.Components;

/// <summary>A message with files in the open thread, on the real services: stored, then shown live to the other side.</summary>
public sealed class ThreadViewFilesTests : ComponentTestContext
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task FilesPostedByOther_AppearLiveInlineAndAsCard()
    {
        var maya = await App.CreateUserAsync("Maya Chen", Roles.Agent);
        var tom = await App.CreateUserAsync("Tom Okafor", Roles.Agent);
        var thread = await App.CreateGroupThreadAsync(maya, "Files live", tom);
        SignInAs(maya);
        var view = Render<ThreadView>(p => p.Add(c => c.ThreadId, thread));
        view.WaitForAssertion(() => view.Markup.Should().Contain("No messages yet"), Live);

        var image = await Files.SaveUploadAsync(tom, "error-dialog.png", "image/png", null, new MemoryStream(TestFiles.Png()), CancellationToken.None);
        var pdf = await Files.SaveUploadAsync(tom, "invoice.pdf", "application/pdf", null, new MemoryStream(TestFiles.Pdf()), CancellationToken.None);
        var posted = await Messages.PostAsync(tom, new PostMessageRequest(thread, "", UploadIds: [image.Id, pdf.Id]));

        view.WaitForAssertion(() => view.FindAll("[data-testid=attachment-image]").Should().ContainSingle(), Live);
        view.Find("[data-testid=attachment-image]").GetAttribute("src").Should().Be($"/api/chat/files/{posted.Message.Attachments[0].Id}");
        view.Find("[data-testid=attachment-file]").TextContent.Should().Contain("invoice.pdf").And.Contain("PDF document");
        view.FindAll("[data-testid=message-content]").Should().BeEmpty("a files-only message shows no empty text block");
    }
}
