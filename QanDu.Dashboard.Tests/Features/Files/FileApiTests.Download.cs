using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Search;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>Downloads: only for those who see the thread, never rendered as a page when the file could run script.</summary>
public sealed partial class FileApiTests
{
    [Theory]
    [InlineData("page.html", "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>")]
    [InlineData("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>")]
    public async Task Download_HtmlOrSvg_AttachmentAsOctetStreamWithNosniff(string name, string content)
    {
        var (_, client, threadId) = await AgentInThreadAsync($"Hostile {name}");
        var attachment = await PostFileAsync(client, threadId, name, Encoding.UTF8.GetBytes(content), name.EndsWith(".svg") ? "image/svg+xml" : "text/html");

        var response = await client.GetAsync(attachment.Url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be(name);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        (await response.Content.ReadAsStringAsync()).Should().Be(content);
    }

    [Fact]
    public async Task Download_Image_InlineWithItsTypeNameAndNosniff()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Inline image");
        var png = TestFiles.Png();
        var attachment = await PostFileAsync(client, threadId, "Screen shot (1).png", png);

        var response = await client.GetAsync(attachment.Url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be("Screen shot (1).png");
        response.Content.Headers.ContentLength.Should().Be(png.Length);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(png);
    }

    [Fact]
    public async Task Download_Pdf_AttachmentWithPdfType()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Pdf download");
        var attachment = await PostFileAsync(client, threadId, "invoice.pdf", TestFiles.Pdf());

        var response = await client.GetAsync(attachment.Url);

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task Download_AgentNotInThread_404_SupervisorAndParticipant_200()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Private attachment");
        var attachment = await PostFileAsync(client, threadId, "passport.png", TestFiles.Png());
        var outsider = await App.CreateClientForAsync(await App.CreateUserAsync("Outsider Files", Roles.Agent));
        var supervisor = await App.CreateClientForAsync(await App.CreateUserAsync("Supervisor Files", Roles.Supervisor));

        var hidden = await outsider.GetAsync(attachment.Url);
        var supervised = await supervisor.GetAsync(attachment.Url);
        var missing = await client.GetAsync("/api/chat/files/999999");

        hidden.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await hidden.ReadProblemAsync()).Detail.Should().Be($"File {attachment.Id} was not found.");
        (await missing.ReadProblemAsync()).Detail.Should().Be("File 999999 was not found.", "a hidden file and a missing one answer alike");
        supervised.StatusCode.Should().Be(HttpStatusCode.OK);
        (await supervised.Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Png());
    }

    [Fact]
    public async Task Download_MessageDeleted_404()
    {
        var (agent, client, threadId) = await AgentInThreadAsync("Deleted attachment");
        var attachment = await PostFileAsync(client, threadId, "wrong-customer.pdf", TestFiles.Pdf());
        var messageId = (await App.Messages.GetHistoryAsync(agent, threadId, null, null)).Messages.Single().Id;

        await client.DeleteAsync($"/api/chat/message/{messageId}");

        (await client.GetAsync(attachment.Url)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_MessageWithFile_FoundByHasFileAndByFileName()
    {
        var (agent, client, threadId) = await AgentInThreadAsync("Searchable files");
        await PostFileAsync(client, threadId, "quarterly-statement.pdf", TestFiles.Pdf());
        var search = App.Services.GetRequiredService<SearchService>();

        var byName = await search.SearchAsync(agent, "quarterly");
        var byOperator = await search.SearchAsync(agent, $"has:file in:{threadId}");

        byName.Hits.Should().ContainSingle(h => h.ThreadId == threadId);
        byOperator.Hits.Should().ContainSingle(h => h.ThreadId == threadId);
    }

    [Fact]
    public async Task CleanUp_UploadNeverAttached_DeletedAfterItsLifetime()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Abandoned upload");
        var upload = await (await FileApiFixture.UploadAsync(client, "abandoned.png", TestFiles.Png())).ReadAsync<UploadView>();
        var folder = Path.Combine(App.DataFolder, "files", "uploads");
        foreach (var file in Directory.GetFiles(folder, upload.Id + ".*"))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));

        var removed = App.Services.GetRequiredService<FileStore>().CleanUp();

        removed.Should().BeGreaterThanOrEqualTo(1);
        Directory.GetFiles(folder, upload.Id + ".*").Should().BeEmpty();
        var post = await client.PostAsync("/api/chat/message",
            System.Net.Http.Json.JsonContent.Create(new { threadId, uploadIds = new[] { upload.Id } }, options: ApiJson.Options));
        post.StatusCode.Should().Be(HttpStatusCode.BadRequest, "an expired upload cannot be attached");
    }
}
