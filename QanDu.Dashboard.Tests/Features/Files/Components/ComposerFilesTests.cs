using Bunit;
using QanDu.Dashboard.Features.Files.Components;
using QanDu.Dashboard.Features.Inbox.Components;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files.Components;

/// <summary>The composer's files as the browser reports them: uploading with progress, ready, refused, removed.</summary>
/// <remarks>On the app's services: the composer sends the typing signals itself.</remarks>
public sealed class ComposerFilesTests : ComponentTestContext
{
    private readonly List<ComposerMessage> _sent = [];

    [Fact]
    public async Task FileAdded_Uploading_ShowsProgressBarWithPercent()
    {
        var composer = RenderComposer();

        var start = await composer.InvokeAsync(() => composer.Instance.FileAddedAsync("f1", "report.pdf", 2_000_000));
        await composer.InvokeAsync(() => composer.Instance.FileProgressAsync("f1", 40));

        start.Should().BeTrue();
        var item = composer.Find("[data-testid=upload-item]");
        item.GetAttribute("data-state").Should().Be("uploading");
        item.TextContent.Should().Contain("report.pdf").And.Contain("1.9 MB · 40%");
        var bar = composer.Find("[role=progressbar]");
        bar.GetAttribute("aria-valuenow").Should().Be("40");
        bar.GetAttribute("aria-label").Should().Be("Uploading report.pdf");
    }

    [Fact]
    public async Task FileUploaded_Ready_NoProgressBarAndSendsWithEmptyText()
    {
        var composer = RenderComposer();
        await composer.InvokeAsync(() => composer.Instance.FileAddedAsync("f1", "photo.png", 5_000));

        await composer.InvokeAsync(() => composer.Instance.FileUploadedAsync("f1", "0123456789abcdef0123456789abcdef", "image/png", "image"));
        var taken = await composer.InvokeAsync(() => composer.Instance.SubmitAsync(""));

        taken.Should().BeTrue("a message may be files only");
        composer.WaitForAssertion(() => _sent.Should().ContainSingle());
        _sent[0].Text.Should().BeEmpty();
        _sent[0].Files.Select(f => (f.UploadId, f.Name, f.MimeType)).Should().Equal(("0123456789abcdef0123456789abcdef", "photo.png", "image/png"));
        composer.FindAll("[data-testid=upload-item]").Should().BeEmpty("sent files leave the composer");
    }

    [Fact]
    public async Task FileFailed_ShowsServersReasonAndSendingIsRefusedUntilRemoved()
    {
        var composer = RenderComposer();
        await composer.InvokeAsync(() => composer.Instance.FileAddedAsync("f1", "invoice.pdf", 3_000));

        await composer.InvokeAsync(() => composer.Instance.FileFailedAsync("f1", "invoice.pdf: the content is not a PDF document (it looks like a PNG image)."));
        var taken = await composer.InvokeAsync(() => composer.Instance.SubmitAsync("Here it is"));

        taken.Should().BeFalse();
        composer.Find("[data-testid=upload-item]").GetAttribute("data-state").Should().Be("error");
        composer.Find("[data-testid=upload-error]").TextContent.Should().Be("invoice.pdf: the content is not a PDF document (it looks like a PNG image).");
        composer.FindAll("[role=progressbar]").Should().BeEmpty();
        composer.Find("[data-testid=composer-error]").TextContent.Should().Be("Some files could not be attached: remove them, then send.");

        await composer.InvokeAsync(() => composer.Find("[data-testid=upload-remove]").Click()); // found and clicked in one dispatch: a live re-render cannot come between
        composer.FindAll("[data-testid=upload-item]").Should().BeEmpty();
        composer.FindAll("[data-testid=composer-error]").Should().BeEmpty();
        JSInterop.VerifyInvoke("qandu.files.cancel").Arguments.Should().Equal("f1");
        (await composer.InvokeAsync(() => composer.Instance.SubmitAsync("Here it is"))).Should().BeTrue();
    }

    [Fact]
    public async Task FileAdded_OverTheLimit_RefusedAtOnceWithTheLimit()
    {
        var composer = RenderComposer();

        var start = await composer.InvokeAsync(() => composer.Instance.FileAddedAsync("f1", "backup.zip", 30L * 1024 * 1024));

        start.Should().BeFalse("the browser does not upload a file the server would refuse");
        composer.Find("[data-testid=upload-error]").TextContent.Should().Be("backup.zip is 30 MB; the limit is 25 MB per file.");
    }

    [Fact]
    public async Task FileAdded_MoreThanTheMaximum_ExtraFileRefused()
    {
        var composer = RenderComposer(maxFiles: 2);

        for (var i = 1; i <= 3; i++)
            await composer.InvokeAsync(() => composer.Instance.FileAddedAsync($"f{i}", $"page{i}.png", 1_000));

        var states = composer.FindAll("[data-testid=upload-item]").Select(i => i.GetAttribute("data-state")).ToList();
        states.Should().Equal("uploading", "uploading", "error");
        composer.Find("[data-testid=upload-error]").TextContent.Should().Be("A message can carry at most 2 files.");
    }

    [Fact]
    public async Task Submit_WhileUploading_RefusedWithAMessage()
    {
        var composer = RenderComposer();
        await composer.InvokeAsync(() => composer.Instance.FileAddedAsync("f1", "big.mp4", 9_000_000));

        var taken = await composer.InvokeAsync(() => composer.Instance.SubmitAsync("Video attached"));

        taken.Should().BeFalse();
        composer.Find("[data-testid=composer-error]").TextContent.Should().Be("Wait until the files have finished uploading, then send.");
        _sent.Should().BeEmpty();
    }

    private IRenderedComponent<Composer> RenderComposer(int maxFiles = 10) => Render<Composer>(p => p
        .Add(c => c.ThreadId, 7)
        .Add(c => c.MaxFileBytes, 25L * 1024 * 1024)
        .Add(c => c.MaxFiles, maxFiles)
        .Add(c => c.OnSend, (ComposerMessage m) => _sent.Add(m)));
}
