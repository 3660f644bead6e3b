using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Features.Messages;
using QanDu.Dashboard.Tests.Infrastructure;
using static QanDu.Dashboard.Tests.Features.Files.FileApiFixture;

namespace QanDu.Dashboard.Tests.Features.Files;

public sealed partial class FileApiTests
{
    [Fact]
    public async Task PostMessage_FourConcurrentPostsWithOneKeyAndOneUpload_AllSucceedWithOneMessage()
    {
        // A client that retries before the first answer came (a double click, a timeout) sends the same post again.
        var (_, client, threadId) = await AgentInThreadAsync("Retried file post");
        for (var round = 0; round < 5; round++)
        {
            var upload = await (await UploadAsync(client, $"receipt-{round}.png", TestFiles.Png())).ReadAsync<UploadView>();
            var key = $"file-retry-{round}";

            var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                client.PostAsJsonAsync("/api/chat/message", new { threadId, content = "The receipt", clientKey = key, uploadIds = new[] { upload.Id } }, ApiJson.Options))));

            responses.Select(r => (int)r.StatusCode).Should().OnlyContain(s => s == 200 || s == 201, $"every retry of round {round} answers with the stored message");
            var messages = await Task.WhenAll(responses.Select(r => r.ReadAsync<MessageView>()));
            messages.Select(m => m.Id).Distinct().Should().ContainSingle();
            messages[0].Attachments.Should().ContainSingle().Which.Name.Should().Be($"receipt-{round}.png");
            (await App.QueryAsync(db => db.Messages.CountAsync(m => m.ThreadId == threadId && m.ClientKey == key))).Should().Be(1);
            var download = await client.GetAsync($"/api/chat/files/{messages[0].Attachments[0].Id}");
            download.StatusCode.Should().Be(HttpStatusCode.OK);
            (await download.Content.ReadAsByteArrayAsync()).Should().Equal(TestFiles.Png());
        }
    }

    [Fact]
    public async Task PostMessage_FourConcurrentPostsWithDifferentKeysAndOneUpload_OneStoredOthersRefused()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Upload raced");
        var upload = await (await UploadAsync(client, "raced.png", TestFiles.Png())).ReadAsync<UploadView>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            client.PostAsJsonAsync("/api/chat/message", new { threadId, content = $"Take {i}", clientKey = $"raced-{i}", uploadIds = new[] { upload.Id } }, ApiJson.Options))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1, "an upload is attached to one message");
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.ReadProblemAsync()).Errors["uploadIds"].Single().Should().StartWith($"Upload {upload.Id} was not found");
        }
        (await App.QueryAsync(db => db.Attachments.CountAsync(a => a.Name == "raced.png"))).Should().Be(1);
    }
}
