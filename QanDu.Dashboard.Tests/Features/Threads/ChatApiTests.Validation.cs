using System.Net;
using System.Net.Http.Json;
using System.Text;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Threads;

/// <summary>Bad input answers RFC 7807 problem details that name the field, and writes nothing.</summary>
public sealed partial class ChatApiTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData(null)]
    public async Task PostMessage_EmptyContent_BadRequestNamingContent(string? content)
    {
        var (_, client, threadId) = await AgentInThreadAsync($"Empty message {content?.Length}");
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("content").WhoseValue.Should().Contain("A message cannot be empty.");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_LongerThanLimit_BadRequestNamingContent()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Too long");
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = new string('a', 16_001) }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("content").WhoseValue.Should().ContainMatch("*at most 16,000 characters*16,001*");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_AtLimit_Created()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Exactly at the limit");

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = new string('a', 16_000) }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PostMessage_UnknownThread_NotFound()
    {
        var (_, client, _) = await AgentInThreadAsync("Unknown thread");
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId = 987_654, content = "Hello?" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Be("Thread 987654 was not found.");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task CreateThread_UnknownParticipant_BadRequestNamingParticipantIds()
    {
        var (_, client, _) = await AgentInThreadAsync("Unknown participant");
        var before = await CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/thread",
            new { type = "group", title = "Ghost chat", participantIds = new[] { "no-such-user" } }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("participantIds").WhoseValue.Should().ContainMatch("*no-such-user*");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_MalformedJson_BadRequestSayingWhatWasWrong()
    {
        var (_, client, threadId) = await AgentInThreadAsync("Malformed JSON");
        var before = await CountRowsAsync();

        var response = await client.PostAsync("/api/chat/message",
            new StringContent($$"""{"threadId": {{threadId}}, "content": "unterminated""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Contain("request body as JSON").And.Contain("LineNumber");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task CreateThread_UnknownEnumValue_BadRequestNamingTheField()
    {
        var (_, client, _) = await AgentInThreadAsync("Unknown enum");
        var before = await CountRowsAsync();

        var response = await client.PostAsync("/api/chat/thread",
            new StringContent("""{"type": "banana", "title": "Fruit", "participantIds": []}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Contain("$.type");
        (await CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task GetThreads_UnknownStatusInQuery_BadRequestNamingTheParameter()
    {
        var (_, client, _) = await AgentInThreadAsync("Unknown query enum");

        var response = await client.GetAsync("/api/chat/threads?status=banana");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Detail.Should().Contain("status").And.Contain("banana");
    }
}
