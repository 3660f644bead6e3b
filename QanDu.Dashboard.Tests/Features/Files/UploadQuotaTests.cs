using System.Net;
using System.Net.Http.Json;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Files;

/// <summary>
/// One person cannot fill the disk with uploads they never send: past Files:PendingUploadBytesPerUser of unsent uploads
/// a further one is refused with 429 and Retry-After, parallel uploads cannot slip past together, and sending the
/// uploads with a message makes room again. A 100 KB file limit and a 250 KB quota, so two files fit and a third does not.
/// </summary>
public sealed class UploadQuotaTests : IDisposable
{
    private const int FileBytes = 100 * 1024;

    private readonly DashboardFactory _app = new()
    {
        Settings = { ["Files:MaxFileBytes"] = FileBytes.ToString(), ["Files:PendingUploadBytesPerUser"] = (250 * 1024).ToString() },
    };

    [Fact]
    public async Task Upload_OverPendingQuota_429NamingItThenSendingMakesRoom()
    {
        var agent = await _app.CreateUserAsync("Hoarder", Roles.Agent);
        var client = await _app.CreateClientForAsync(agent);
        var threadId = await _app.CreateGroupThreadAsync(agent, "Quota", await _app.CreateUserAsync("Reader", Roles.Agent));

        var first = await (await UploadAsync(client, "one.log")).ReadAsync<UploadView>();
        var second = await (await UploadAsync(client, "two.log")).ReadAsync<UploadView>();
        var third = await UploadAsync(client, "three.log");
        var colleague = await UploadAsync(await _app.CreateClientForAsync(await _app.CreateUserAsync("Colleague", Roles.Agent)), "mine.log");

        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        third.Headers.RetryAfter?.Delta.Should().BePositive("the uploads free their room when they expire");
        (await third.Content.ReadAsStringAsync()).Should().Contain("Too many unsent uploads").And.Contain("200 KB of uploads not yet sent")
            .And.Contain("250 KB");
        colleague.StatusCode.Should().Be(HttpStatusCode.Created, "the quota is per person");

        var sent = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = "Logs attached", uploadIds = new[] { first.Id, second.Id } }, ApiJson.Options);
        sent.StatusCode.Should().Be(HttpStatusCode.Created);
        (await UploadAsync(client, "three.log")).StatusCode.Should().Be(HttpStatusCode.Created, "sent uploads no longer count");
    }

    [Fact]
    public async Task Upload_SixInParallel_OnlyWhatFitsIsAccepted()
    {
        var client = await _app.CreateClientForAsync(await _app.CreateUserAsync("Parallel", Roles.Agent));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => UploadAsync(client, $"part-{i}.log")));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(2, "two files of 100 KB fit in 250 KB");
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(4);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name) =>
        await FileApiFixture.UploadAsync(client, name, Enumerable.Repeat((byte)'x', FileBytes).ToArray(), "text/plain");

    public void Dispose() => _app.Dispose();
}
