using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor.Services;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Files.Components;

namespace QanDu.Dashboard.Tests.Features.Files.Components;

public sealed class AttachmentListTests : BunitContext
{
    public AttachmentListTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void Render_ImageAudioVideoAndPdf_EachShownAsItsKind()
    {
        var list = Render<AttachmentList>(p => p.Add(c => c.Attachments, new List<AttachmentView>
        {
            new(11, AttachmentType.Image, "screenshot.png", 48_213, "image/png"),
            new(12, AttachmentType.Audio, "voicemail.mp3", 1_572_864, "audio/mpeg"),
            new(13, AttachmentType.Video, "repro.mp4", 26_214_400, "video/mp4"),
            new(14, AttachmentType.Document, "invoice 2026-11.pdf", 1_434, "application/pdf"),
        }));

        var image = list.Find("[data-testid=attachment-image]");
        image.GetAttribute("src").Should().Be("/api/chat/files/11");
        image.GetAttribute("alt").Should().Be("screenshot.png");
        var audio = list.Find("[data-testid=attachment-audio]");
        audio.GetAttribute("src").Should().Be("/api/chat/files/12");
        audio.HasAttribute("controls").Should().BeTrue();
        audio.ParentElement!.TextContent.Should().Contain("voicemail.mp3 · 1.5 MB");
        var video = list.Find("[data-testid=attachment-video]");
        video.GetAttribute("src").Should().Be("/api/chat/files/13");
        video.HasAttribute("controls").Should().BeTrue();
        video.ParentElement!.TextContent.Should().Contain("repro.mp4 · 25 MB");
        var card = list.Find("[data-testid=attachment-file]");
        card.GetAttribute("href").Should().Be("/api/chat/files/14");
        card.GetAttribute("download").Should().Be("invoice 2026-11.pdf");
        card.QuerySelector("[data-testid=file-name]")!.TextContent.Should().Be("invoice 2026-11.pdf");
        card.QuerySelector("[data-testid=file-meta]")!.TextContent.Should().Be("PDF document · 1.4 KB");
    }

    [Theory]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 512, "Excel spreadsheet · 512 B")]
    [InlineData("application/zip", 10_485_760, "ZIP archive · 10 MB")]
    [InlineData("text/html", 2_048, "HTML file · 2 KB")]
    [InlineData("image/svg+xml", 1_900, "SVG image · 1.9 KB")]
    public void Render_OtherFiles_DownloadCardWithTypeAndSize(string mimeType, long size, string expected)
    {
        var list = Render<AttachmentList>(p => p.Add(c => c.Attachments,
            new List<AttachmentView> { new(21, AttachmentType.Document, "file", size, mimeType) }));

        list.FindAll("img, audio, video").Should().BeEmpty("only safe image, audio and video types are shown inline");
        list.Find("[data-testid=file-meta]").TextContent.Should().Be(expected);
    }

    [Fact]
    public void ClickImage_OpensViewerAsDialog_EscapeClosesIt()
    {
        var list = Render<AttachmentList>(p => p.Add(c => c.Attachments,
            new List<AttachmentView> { new(31, AttachmentType.Image, "receipt.jpg", 90_000, "image/jpeg") }));

        list.Find("[data-testid=attachment-image-button]").Click();

        var viewer = list.Find("[data-testid=image-viewer]");
        viewer.GetAttribute("role").Should().Be("dialog");
        viewer.GetAttribute("aria-label").Should().Be("receipt.jpg");
        viewer.QuerySelector("img")!.GetAttribute("src").Should().Be("/api/chat/files/31");
        viewer.TextContent.Should().Contain("receipt.jpg · 88 KB");

        viewer.KeyDown(new KeyboardEventArgs { Key = "Escape" });

        list.FindAll("[data-testid=image-viewer]").Should().BeEmpty();
    }

    [Fact]
    public void Render_FileOfAMessageStillSending_CardWithoutLink()
    {
        var list = Render<AttachmentList>(p => p.Add(c => c.Attachments,
            new List<AttachmentView> { new(0, AttachmentType.Image, "photo.png", 2_000, "image/png") }));

        var card = list.Find("[data-testid=attachment-file]");
        card.TagName.Should().Be("DIV");
        card.TextContent.Should().Contain("photo.png");
        list.FindAll("a, img").Should().BeEmpty("the file has no address until the message is stored");
    }
}
