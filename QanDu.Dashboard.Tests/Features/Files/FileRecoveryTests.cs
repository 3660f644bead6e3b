using System.Net;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>
/// The files folder after a crash: an upload whose message committed but that was not moved yet is moved into place,
/// and a stored file no message owns is deleted, both when the app starts again.
/// </summary>
public sealed class FileRecoveryTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task StartUp_UploadAttachedButNotMoved_MovedIntoPlaceAndDownloadable()
    {
        ChatCaller agent;
        UploadView upload;
        long attachmentId;
        await using (var before = DashboardFactory.OnFolder(_folder))
        {
            agent = await before.CreateUserAsync("Agent Crash", Roles.Agent);
            var threadId = await before.CreateGroupThreadAsync(agent, "Crash after commit", await before.CreateUserAsync("Colleague Crash", Roles.Agent));
            upload = await before.Files.SaveUploadAsync(agent, "contract.pdf", "application/pdf", null, new MemoryStream(TestFiles.Pdf()));
            attachmentId = await CommitWithoutMovingAsync(before, agent, threadId, upload);
        }
        File.Exists(Path.Combine(_folder.Path, "files", "uploads", upload.Id + ".bin")).Should().BeTrue("the app stopped before moving it");

        await using var after = DashboardFactory.OnFolder(_folder);
        var client = await after.CreateClientForAsync(agent);
        var stored = Path.Combine(_folder.Path, "files", FileStore.StoredNameOf(upload.Id));
        await WaitUntilAsync(() => File.Exists(stored));

        Directory.GetFiles(Path.Combine(_folder.Path, "files", "uploads"), upload.Id + ".*").Should().BeEmpty();
        var download = await client.GetAsync($"/api/chat/files/{attachmentId}");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Pdf());
    }

    [Fact]
    public async Task Download_AttachedUploadNotMovedYet_MovedAndServed()
    {
        await using var app = DashboardFactory.OnFolder(_folder);
        var agent = await app.CreateUserAsync("Agent Early", Roles.Agent);
        var threadId = await app.CreateGroupThreadAsync(agent, "Download before the move", await app.CreateUserAsync("Colleague Early", Roles.Agent));
        var upload = await app.Files.SaveUploadAsync(agent, "photo.png", "image/png", null, new MemoryStream(TestFiles.Png()));
        var attachmentId = await CommitWithoutMovingAsync(app, agent, threadId, upload);

        var download = await (await app.CreateClientForAsync(agent)).GetAsync($"/api/chat/files/{attachmentId}");

        download.StatusCode.Should().Be(HttpStatusCode.OK, "whoever asks first moves the file into place");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Png());
    }

    [Fact]
    public async Task StartUp_StoredFileNoMessageOwns_DeletedOthersKept()
    {
        string attachedPath;
        await using (var before = DashboardFactory.OnFolder(_folder))
        {
            var agent = await before.CreateUserAsync("Agent Orphan", Roles.Agent);
            var threadId = await before.CreateGroupThreadAsync(agent, "Orphans", await before.CreateUserAsync("Colleague Orphan", Roles.Agent));
            var upload = await before.Files.SaveUploadAsync(agent, "kept.png", "image/png", null, new MemoryStream(TestFiles.Png()));
            var posted = await before.Messages.PostAsync(agent, new PostMessageRequest(threadId, "", UploadIds: [upload.Id]));
            posted.Created.Should().BeTrue();
            attachedPath = before.Files.PathOf(FileStore.StoredNameOf(upload.Id));
        }
        var orphan = Path.Combine(_folder.Path, "files", "ab", "ab" + new string('c', 30));
        var notOurs = Path.Combine(_folder.Path, "files", "ab", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, "moved before a commit that never came");
        File.WriteAllText(notOurs, "an admin's file, not a generated name");

        await using var after = DashboardFactory.OnFolder(_folder);
        _ = after.Services;
        await WaitUntilAsync(() => !File.Exists(orphan));

        File.Exists(orphan).Should().BeFalse("no attachment owns it");
        File.Exists(attachedPath).Should().BeTrue("a message owns it");
        File.Exists(notOurs).Should().BeTrue("only files under generated names are the app's to delete");
    }

    /// <summary>The state a crash between the commit and the move leaves: the attachment stored, its file still an upload.</summary>
    private static async Task<long> CommitWithoutMovingAsync(DashboardFactory app, ChatCaller agent, long threadId, UploadView upload)
    {
        var claimed = await app.Files.ClaimAsync(agent, [upload.Id], CancellationToken.None);
        var outcome = await app.Writer.WriteAsync(new Message
        {
            ThreadId = threadId, Content = "", Type = MessageType.File, SenderId = agent.UserId, SenderName = agent.DisplayName,
            SenderType = SenderType.User, ClientKey = "crash-" + upload.Id, Attachments = [.. claimed.Attachments],
        }, CancellationToken.None);
        return await app.QueryAsync(db => db.Attachments.Where(a => a.MessageId == outcome.Message.Id).Select(a => a.Id).SingleAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition() && waited < 10_000; waited += 50)
            await Task.Delay(50);
    }
}
