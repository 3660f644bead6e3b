using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Hosting;
using QanDu.Dashboard.Tests.Features.Files;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>A full disk is named as such: 507 on posts and uploads, Unhealthy on /health, never a generic 500 beside "Healthy".</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly DiskFullSwitch _disk = new();
    private readonly LogCapture _log = new();
    private readonly DashboardFactory _app;
    private HttpClient? _admin;

    public DiskFullTests() => _app = new DashboardFactory { TestServices = services => { _disk.AddTo(services); _log.AddTo(services); } };

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task PostMessage_DiskFull_507NamingTheCauseAndHealthUnhealthyUntilAWriteSucceeds()
    {
        var agent = await _app.CreateUserAsync("Agent Full", Roles.Agent);
        var threadId = await _app.CreateGroupThreadAsync(agent, "Full disk", await _app.CreateUserAsync("Colleague Full", Roles.Agent));
        var client = await _app.CreateClientForAsync(agent);
        var longText = string.Join(' ', Enumerable.Range(0, 1_500).Select(i => $"word{i}")); // ~11,000 characters: needs new pages
        (await HealthAsync()).Database.Should().StartWith("Healthy:");

        _disk.Full = true;
        var refused = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = longText, clientKey = "full-1" }, ApiJson.Options);
        var health = await HealthAsync();
        _disk.Full = false;

        refused.StatusCode.Should().Be(HttpStatusCode.InsufficientStorage);
        var problem = await refused.ReadProblemAsync();
        problem.Title.Should().Be("The server's disk is full");
        problem.Detail.Should().Contain("the disk that holds the dashboard's data is full");
        health.Status.Should().Be("Unhealthy");
        // The refused post, or the health report's own test write (a passed test is reused for 3 s).
        health.Database.Should().BeOneOf("Unhealthy: A write was refused: the disk is full.", "Unhealthy: A test write was refused: the disk is full.");
        (await _app.QueryAsync(db => db.Messages.CountAsync(m => m.ClientKey == "full-1"))).Should().Be(0);

        var retried = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content = longText, clientKey = "full-1" }, ApiJson.Options);
        retried.StatusCode.Should().Be(HttpStatusCode.Created, "with space again, the same post is stored");
        (await HealthAsync()).Database.Should().StartWith("Healthy:", "writes succeed again");
    }

    [Fact]
    public async Task Writer_BatchOnAFullDisk_EveryPostRefusedAsDiskFullWithoutRetryingEachAlone()
    {
        var agent = await _app.CreateUserAsync("Agent Batch", Roles.Agent);
        var threadId = await _app.CreateGroupThreadAsync(agent, "Full batch", await _app.CreateUserAsync("Colleague Batch", Roles.Agent));
        var longText = string.Join(' ', Enumerable.Range(0, 1_500).Select(i => $"word{i}"));
        _disk.Full = true;
        List<Task<PostOutcome>> posts;
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(_app.DataFolder, "qandu.db")}"))
        {
            // Another writer holds the database while 40 posts queue up, so the writer takes them as one batch.
            await blocker.OpenAsync();
            using var hold = blocker.BeginTransaction(deferred: false);
            posts = [.. Enumerable.Range(0, 40).Select(i => _app.Messages.PostAsync(agent, new PostMessageRequest(threadId, $"{i} {longText}", $"batch-{i}")))];
            await Task.Delay(300);
            hold.Rollback();
        }

        var failures = await Task.WhenAll(posts.Select(p => p.Invoking(async t => await t).Should().ThrowAsync<Exception>()));
        _disk.Full = false;

        failures.Should().AllSatisfy(f => StorageErrors.IsDiskFull(f.Which).Should().BeTrue("each post is told the disk is full"));
        var writerLines = _log.From(typeof(MessageWriter).FullName!);
        writerLines.Should().NotContain(l => l.Level >= LogLevel.Error, "a full disk is not one bad post per message");
        writerLines.Sum(l => int.Parse(Regex.Match(l.Message, @"^Could not store (\d+) posts: the disk is full$").Groups[1].Value))
            .Should().Be(40, "one line per refused batch, counting its posts");
    }

    [Fact]
    public async Task Health_FreeSpaceBelowTheSetting_UnhealthyNamingTheSetting()
    {
        using var app = new DashboardFactory { Settings = { ["Storage:MinFreeSpaceMegabytes"] = "100000000" } };

        var response = await app.CreateClient().GetAsync("/health");
        var disk = await DetailsAsync(app, "disk");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Unhealthy");
        disk.GetProperty("status").GetString().Should().Be("Unhealthy");
        disk.GetProperty("figure").GetString().Should().Contain("on the disk holding").And.Contain("Storage:MinFreeSpaceMegabytes (100,000,000 MB)");
    }

    [Fact]
    public async Task Upload_FreeSpaceBelowTheSetting_507NamingTheSettingAndNothingKept()
    {
        using var app = new DashboardFactory { Settings = { ["Storage:MinFreeSpaceMegabytes"] = "100000000" } };
        var client = await app.CreateClientForAsync(await app.CreateUserAsync("Agent Upload", Roles.Agent));

        var response = await FileApiFixture.UploadAsync(client, "notes.txt", "Order 1042"u8.ToArray(), "text/plain");

        response.StatusCode.Should().Be(HttpStatusCode.InsufficientStorage);
        var problem = await response.ReadProblemAsync();
        problem.Title.Should().Be("The server's disk is nearly full");
        problem.Detail.Should().StartWith("Nothing was stored: ").And.Contain("under Storage:MinFreeSpaceMegabytes (100,000,000 MB)");
        var uploads = Path.Combine(app.DataFolder, "files", "uploads");
        (Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task ExceptionHandler_NoSpaceLeftOnDevice_507NamingTheFullDisk()
    {
        // A real "No space left on device" from the operating system: /dev/full refuses every write with ENOSPC.
        var noSpace = Record.Exception(() => File.WriteAllBytes("/dev/full", [1]));
        noSpace.Should().BeOfType<IOException>();
        var handler = ActivatorUtilities.CreateInstance<ProblemDetailsExceptionHandler>(_app.Services);
        var context = new DefaultHttpContext { RequestServices = _app.Services, Response = { Body = new MemoryStream() } };
        context.Request.Method = "POST";
        context.Request.Path = "/api/chat/files";
        context.Response.StatusCode = 500; // as the exception handler middleware sets it before asking the handler

        var handled = await handler.TryHandleAsync(context, noSpace!, default);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(StatusCodes.Status507InsufficientStorage);
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        problem.GetProperty("title").GetString().Should().Be("The server's disk is full");
        problem.GetProperty("detail").GetString().Should().Be(StorageErrors.DiskFull);
    }

    [Fact]
    public void Start_NegativeMinFreeSpace_StopsNamingTheSetting()
    {
        using var app = new DashboardFactory { Settings = { ["Storage:MinFreeSpaceMegabytes"] = "-1" } };

        var act = () => app.CreateClient();

        act.Should().Throw<OptionsValidationException>().WithMessage("*Storage:MinFreeSpaceMegabytes must be between 0 (off) and*");
    }

    /// <summary>The overall state (/health) and the database component as "State: figure" (/health/details).</summary>
    private async Task<(string Status, string Database)> HealthAsync()
    {
        var body = await (await _app.CreateClient().GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>(); // 503 when Unhealthy
        // The admin and their key are written on the first call, before any test fills the disk.
        _admin ??= await _app.CreateClientForAsync(await _app.CreateUserAsync("Health admin", Roles.Admin));
        var database = await DetailsAsync(_admin, "database");
        return (body.GetProperty("status").GetString()!, $"{database.GetProperty("status").GetString()}: {database.GetProperty("figure").GetString()}");
    }

    private static async Task<JsonElement> DetailsAsync(DashboardFactory app, string key) =>
        await DetailsAsync(await app.CreateClientForAsync(await app.CreateUserAsync("Health admin", Roles.Admin)), key);

    private static async Task<JsonElement> DetailsAsync(HttpClient admin, string key)
    {
        var details = await admin.GetFromJsonAsync<JsonElement>("/health/details");
        return details.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
    }
}
