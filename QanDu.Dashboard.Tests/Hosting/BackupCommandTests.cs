using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>
/// <c>backup</c> and <c>restore</c> as an admin runs them: commands in their own process, beside the app running on
/// Kestrel at 127.0.0.1 in this process (backup) or after it stopped (restore).
/// </summary>
public sealed class BackupCommandTests
{
    private const int Clients = 32;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Backup_While32ClientsPost_RestoreBringsBackEveryAcknowledgedMessageFileAndSignIn()
    {
        using var folder = new TempDataFolder();
        using var outFolder = new TempDataFolder();
        var archive = Path.Combine(outFolder.Path, "qandu-backup.zip");
        var picture = TestFiles.Png(120, 80);
        var acknowledged = new ConcurrentBag<(long Id, string Content, long At)>();
        long backupStarted, attachmentId, threadId;
        string signInTicket, afterBackup;
        AppRun backup, restoreWhileRunning;
        int postedDuringBackup;

        await using (var app = DashboardFactory.OnFolder(folder))
        {
            app.UseKestrel(0);
            app.StartServer();
            var owner = await app.CreateUserAsync("Backup Owner", Roles.Agent);
            threadId = await app.CreateGroupThreadAsync(owner, "Backed up", await app.CreateUserAsync("Colleague", Roles.Agent));
            var upload = await app.Files.SaveUploadAsync(owner, "diagram.png", "image/png", null, new MemoryStream(picture));
            var withFile = await app.Messages.PostAsync(owner, new PostMessageRequest(threadId, "The diagram", UploadIds: [upload.Id]));
            attachmentId = withFile.Message.Attachments.Single().Id;
            // What a sign-in cookie is made of: data protected by the keys in the data folder.
            signInTicket = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Protect("still signed in");

            var clients = new HttpClient[Clients];
            var threads = new long[Clients];
            for (var i = 0; i < Clients; i++)
            {
                var sender = await app.CreateUserAsync($"Sender {i}", Roles.Agent);
                threads[i] = await app.CreateGroupThreadAsync(sender, $"Load {i}", owner);
                clients[i] = await app.CreateClientForAsync(sender);
            }
            using var stop = new CancellationTokenSource();
            var posting = Task.WhenAll(clients.Select((client, i) => PostUntilStoppedAsync(client, threads[i], i, acknowledged, stop.Token)));
            while (acknowledged.Count < 200 && !posting.IsCompleted)
                await Task.Delay(20);

            backupStarted = Stopwatch.GetTimestamp();
            backup = await AppProcess.RunAsync(folder.Path, ["backup", "--out", archive], CommandTimeout);
            postedDuringBackup = acknowledged.Count(a => a.At > backupStarted);
            await stop.CancelAsync();
            await posting;

            afterBackup = (await app.Messages.PostAsync(owner, new PostMessageRequest(threadId, "Written after the backup"))).Message.Content;
            restoreWhileRunning = await AppProcess.RunAsync(folder.Path, ["restore", "--from", archive], CommandTimeout);
            foreach (var client in clients)
                client.Dispose();
        }
        // A stopped app has no process left; here its pooled connections outlive it and would point at the replaced file.
        SqliteConnection.ClearAllPools();

        backup.ExitCode.Should().Be(0, backup.ToString());
        backup.Output.Should().Contain("integrity_check ok").And.Contain("checksums verified");
        postedDuringBackup.Should().BePositive("the clients kept posting while the backup ran");
        restoreWhileRunning.ExitCode.Should().Be(1, restoreWhileRunning.ToString());
        restoreWhileRunning.Error.Should().Contain("running");

        var restore = await AppProcess.RunAsync(folder.Path, ["restore", "--from", archive], CommandTimeout);
        restore.ExitCode.Should().Be(0, restore.ToString());
        Directory.EnumerateDirectories(folder.Path, "replaced-*").Should().ContainSingle("the data it replaced is kept aside");

        await using var restored = DashboardFactory.OnFolder(folder);
        var contents = await restored.QueryAsync(db => db.Messages.Select(m => new { m.Id, m.Content }).ToDictionaryAsync(m => m.Id, m => m.Content));
        var before = acknowledged.Where(a => a.At < backupStarted).ToList();
        before.Should().HaveCountGreaterThanOrEqualTo(200);
        before.Should().AllSatisfy(a => contents.Should().Contain(a.Id, a.Content, "every message acknowledged before the backup began is restored"));
        contents.Values.Should().NotContain(afterBackup, "the restore brings back the backup, not what was written later");
        var reader = await restored.CreateUserAsync("Reader", Roles.Supervisor);
        using var http = await restored.CreateClientForAsync(reader);
        using var download = await http.GetAsync($"/api/chat/files/{attachmentId}");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(picture, "uploaded files are in the backup");
        restored.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("backup-test").Unprotect(signInTicket)
            .Should().Be("still signed in", "the sign-in keys are in the backup, so people stay signed in");
    }

    [Fact]
    public async Task Restore_ArchiveChangedAfterBackup_RefusesAndKeepsTheData()
    {
        using var folder = new TempDataFolder();
        using var outFolder = new TempDataFolder();
        var archive = Path.Combine(outFolder.Path, "backup.zip");
        await using (var app = DashboardFactory.OnFolder(folder))
        {
            var owner = await app.CreateUserAsync("Owner", Roles.Agent);
            var threadId = await app.CreateGroupThreadAsync(owner, "Kept", await app.CreateUserAsync("Colleague", Roles.Agent));
            var upload = await app.Files.SaveUploadAsync(owner, "diagram.png", "image/png", null, new MemoryStream(TestFiles.Png()));
            await app.Messages.PostAsync(owner, new PostMessageRequest(threadId, "Still here", UploadIds: [upload.Id]));
        }
        var backup = await AppProcess.RunAsync(folder.Path, ["backup", "--out", archive], CommandTimeout);
        backup.ExitCode.Should().Be(0, backup.ToString());
        string changed;
        using (var zip = System.IO.Compression.ZipFile.Open(archive, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("files/", StringComparison.Ordinal));
            changed = entry.FullName;
            entry.Delete();
            using var writer = zip.CreateEntry(changed).Open();
            writer.Write(TestFiles.Png(10, 10));
        }

        var restore = await AppProcess.RunAsync(folder.Path, ["restore", "--from", archive], CommandTimeout);

        restore.ExitCode.Should().Be(1, restore.ToString());
        restore.Error.Should().Contain(changed).And.Contain("checksum");
        Directory.EnumerateDirectories(folder.Path, "replaced-*").Should().BeEmpty("nothing was replaced");
        await using var after = DashboardFactory.OnFolder(folder);
        (await after.QueryAsync(db => db.Messages.Select(m => m.Content).ToListAsync())).Should().Contain("Still here");
    }

    [Fact]
    public async Task Main_DataFolderHeldByARestore_RefusesToStart()
    {
        using var folder = new TempDataFolder();
        // What restore holds while it replaces the data: the folder's lock file, exclusively.
        using (new FileStream(Path.Combine(folder.Path, "in-use.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var run = await AppProcess.RunAsync(folder.Path, [], TimeSpan.FromSeconds(30));

            run.ExitCode.Should().Be(1, $"the app must not start on data being restored ({run})");
            run.Error.Should().Contain("restore");
        }
        File.Exists(Path.Combine(folder.Path, "qandu.db")).Should().BeFalse("the app did not touch the database");
    }

    private static async Task PostUntilStoppedAsync(
        HttpClient client, long threadId, int index, ConcurrentBag<(long Id, string Content, long At)> acknowledged, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var content = $"client {index} message {n}";
            using var response = await client.PostAsJsonAsync("/api/chat/message", new PostMessageRequest(threadId, content), CancellationToken.None);
            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var message = await response.ReadAsync<MessageView>();
            acknowledged.Add((message.Id, content, Stopwatch.GetTimestamp()));
        }
    }
}
