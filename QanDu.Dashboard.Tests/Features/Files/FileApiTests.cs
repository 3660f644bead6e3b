using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Features.Threads;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Files.FileApiFixture;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>Uploading and downloading files over HTTP, as the composer and API clients do.</summary>
public sealed partial class FileApiTests(FileApiFixture fixture) : IClassFixture<FileApiFixture>
{
    private DashboardFactory App => fixture.App;

    [Fact]
    public async Task Upload_ChunkedBodyOverLimit_413ProblemNamingTheFile()
    {
        var (_, client, _) = await AgentInThreadAsync("Huge upload");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/files") { Content = new StreamContent(new CountingBody(3 * Limit)) };
        request.Headers.Add("X-File-Name", "dump.log");
        request.Content.Headers.ContentLength.Should().BeNull("the body is sent chunked, so only counting can catch it");

        var before = UploadFolderFiles();

        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.ReadProblemAsync();
        problem.Title.Should().Be("File too large");
        problem.Detail.Should().Be("dump.log is larger than the limit of 1 MB per file.");
        UploadFolderFiles().Should().BeEquivalentTo(before, "nothing of a refused upload stays on disk");
    }

    [Fact]
    public async Task UploadAsync_BodyFarOverLimit_StopsReadingJustPastTheLimit()
    {
        var (agent, _, _) = await AgentInThreadAsync("Huge stream");
        var body = new CountingBody(100 * Limit);
        var before = UploadFolderFiles();

        var upload = () => App.Files.SaveUploadAsync(agent, "dump.log", "text/plain", declaredLength: null, body);

        await upload.Should().ThrowAsync<FileTooLargeException>().WithMessage("dump.log is larger than the limit of 1 MB per file.");
        body.BytesRead.Should().BeLessThanOrEqualTo(Limit + 81_920, "the upload stops one buffer past the limit and never reads the whole 100 MB");
        UploadFolderFiles().Should().BeEquivalentTo(before, "nothing of a refused upload stays on disk");
    }

    [Fact]
    public async Task UploadAsync_DeclaredLengthOverLimit_RefusedBeforeReadingAByte()
    {
        var (agent, _, _) = await AgentInThreadAsync("Declared too large");
        var body = new CountingBody(50 * Limit);

        var upload = () => App.Files.SaveUploadAsync(agent, "backup.zip", "application/zip", declaredLength: 50 * Limit, body);

        await upload.Should().ThrowAsync<FileTooLargeException>().WithMessage("backup.zip is larger than the limit of 1 MB per file.");
        body.BytesRead.Should().Be(0);
    }

    [Theory]
    [InlineData("invoice.pdf", "png", null, "invoice.pdf: the content is not a PDF document (it looks like a PNG image).")]
    [InlineData("photo.png", "text", "image/png", "photo.png: the content is not a PNG image (it looks like a text file).")]
    [InlineData("photo.png", "png", "application/pdf", "photo.png: it was sent as 'application/pdf', but its content is a PNG image.")]
    [InlineData("setup.exe", "png", null, "setup.exe: files of type '.exe' are not accepted.")]
    [InlineData("notes.txt", "empty", null, "notes.txt: the file is empty.")]
    public async Task Upload_ContentNotMatchingClaim_400NamingTheFileAndProblem(string name, string content, string? claimedType, string expected)
    {
        var (_, client, _) = await AgentInThreadAsync($"Mismatch {name}");
        var bytes = content switch
        {
            "png" => TestFiles.Png(),
            "text" => "just some words"u8.ToArray(),
            _ => [],
        };

        var response = await UploadAsync(client, name, bytes, claimedType);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors["file"].Single().Should().StartWith(expected);
        UploadFolderFiles().Should().NotContain(f => f.EndsWith(".part"));
    }

    [Fact]
    public async Task Upload_WithoutFileNameHeader_400SaysWhatIsMissing()
    {
        var (_, client, _) = await AgentInThreadAsync("No name");

        var response = await client.PostAsync("/api/chat/files", new ByteArrayContent(TestFiles.Png()));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["fileName"].Single().Should().Contain("X-File-Name");
    }

    [Fact]
    public async Task PostMessage_FilesOnly_StoredWithAttachmentsAndFileNamePreview()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Invoice sent");
        var pdf = await (await UploadAsync(client, "invoice 2026-11.pdf", TestFiles.Pdf(), "application/pdf")).ReadAsync<UploadView>();
        var png = await (await UploadAsync(client, "screenshot.png", TestFiles.Png(), "image/png")).ReadAsync<UploadView>();

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId, uploadIds = new[] { pdf.Id, png.Id } }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var message = await response.ReadAsync<MessageView>();
        message.Content.Should().BeEmpty();
        message.Type.Should().Be(MessageType.File);
        message.Attachments.Select(a => (a.Name, a.Type, a.MimeType, a.Size)).Should().Equal(
            ("invoice 2026-11.pdf", AttachmentType.Document, "application/pdf", TestFiles.Pdf().Length),
            ("screenshot.png", AttachmentType.Image, "image/png", TestFiles.Png().Length));
        var thread = await (await client.GetAsync($"/api/chat/thread/{threadId}")).ReadAsync<ThreadSummary>();
        thread.LastMessagePreview.Should().Be("📎 invoice 2026-11.pdf +1 more");
        var stored = await App.QueryAsync(db => db.Attachments.Where(a => a.MessageId == message.Id).Select(a => a.StoredName).ToListAsync());
        stored.Should().AllSatisfy(s => s.Should().MatchRegex("^[0-9a-f]{2}/[0-9a-f]{32}$", "files are stored under generated names"));
        stored.Select(s => File.Exists(Path.Combine(App.DataFolder, "files", s))).Should().AllBeEquivalentTo(true);
        UploadFolderFiles().Should().NotContain(f => f.Contains(pdf.Id) || f.Contains(png.Id), "attached uploads leave the uploads folder");
    }

    [Fact]
    public async Task PostMessage_SomeoneElsesUpload_RefusedAndNothingWritten()
    {
        var (maya, mayaClient, threadId) = await AgentInThreadAsync("Borrowed upload");
        var tom = await App.CreateClientForAsync(await App.CreateUserAsync("Tom Borrowed", Roles.Agent));
        var tomsUpload = await (await UploadAsync(tom, "tom.png", TestFiles.Png())).ReadAsync<UploadView>();
        var before = await App.QueryAsync(db => db.Messages.CountAsync());

        var response = await mayaClient.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = "Look at this", uploadIds = new[] { tomsUpload.Id } }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["uploadIds"].Single().Should()
            .Be($"Upload {tomsUpload.Id} was not found: it expired, was already attached, or belongs to someone else. Upload the file again.");
        (await App.QueryAsync(db => db.Messages.CountAsync())).Should().Be(before);
        _ = maya;
    }

    [Fact]
    public async Task PostMessage_SameUploadAttachedTwice_SecondRefused()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Attach once");
        var upload = await (await UploadAsync(client, "once.png", TestFiles.Png())).ReadAsync<UploadView>();

        var first = await client.PostAsJsonAsync("/api/chat/message", new { threadId, uploadIds = new[] { upload.Id } }, ApiJson.Options);
        var second = await client.PostAsJsonAsync("/api/chat/message", new { threadId, uploadIds = new[] { upload.Id } }, ApiJson.Options);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await App.QueryAsync(db => db.Attachments.CountAsync(a => a.Name == "once.png"))).Should().Be(1);
    }

    [Fact]
    public async Task PostMessage_MoreFilesThanAllowed_RefusedWithTheLimit()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Too many files");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add((await (await UploadAsync(client, $"page{i}.png", TestFiles.Png())).ReadAsync<UploadView>()).Id);

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId, uploadIds = ids }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors["uploadIds"].Single().Should().Be("A message can carry at most 3 files; this one has 4.");
    }

    internal async Task<(ChatCaller Agent, HttpClient Client, long ThreadId)> AgentInThreadAsync(string title)
    {
        var agent = await App.CreateUserAsync($"Agent {title}", Roles.Agent);
        var colleague = await App.CreateUserAsync($"Colleague {title}", Roles.Agent);
        var threadId = await App.CreateGroupThreadAsync(agent, title, colleague);
        return (agent, await App.CreateClientForAsync(agent), threadId);
    }

    /// <summary>Uploads a file and posts it in a message; answers the stored attachment.</summary>
    internal async Task<AttachmentView> PostFileAsync(HttpClient client, long threadId, string name, byte[] bytes, string? type = null)
    {
        var upload = await UploadAsync(client, name, bytes, type);
        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var id = (await upload.ReadAsync<UploadView>()).Id;
        var post = await client.PostAsJsonAsync("/api/chat/message", new { threadId, uploadIds = new[] { id } }, ApiJson.Options);
        post.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await post.ReadAsync<MessageView>()).Attachments.Single();
    }

    private string[] UploadFolderFiles()
    {
        var folder = Path.Combine(App.DataFolder, "files", "uploads");
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

}
