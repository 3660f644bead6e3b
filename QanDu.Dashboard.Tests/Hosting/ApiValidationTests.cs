using System.Net;
using System.Net.Http.Json;
using System.Text;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Hosting;

/// <summary>Bad input answers RFC 7807 problem details that name the field, and writes nothing.</summary>
public sealed class ApiValidationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  ")]
    [InlineData(null)]
    public async Task PostMessage_EmptyContent_BadRequestNamingContent(string? content)
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync($"Empty message {content?.Length}");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId, content }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("content").WhoseValue.Should().Contain("A message cannot be empty.");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_LongerThanLimit_BadRequestNamingContent()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Too long");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = new string('a', 16_001) }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("content").WhoseValue.Should().ContainMatch("*at most 16,000 characters*16,001*");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_AtLimit_Created()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Exactly at the limit");

        var response = await client.PostAsJsonAsync("/api/chat/message",
            new { threadId, content = new string('a', 16_000) }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PostMessage_UnknownThread_NotFound()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Unknown thread");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/message", new { threadId = 987_654, content = "Hello?" }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Be("Thread 987654 was not found.");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task CreateThread_UnknownParticipant_BadRequestNamingParticipantIds()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Unknown participant");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsJsonAsync("/api/chat/thread",
            new { type = "group", title = "Ghost chat", participantIds = new[] { "no-such-user" } }, ApiJson.Options);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Errors.Should().ContainKey("participantIds").WhoseValue.Should().ContainMatch("*no-such-user*");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task PostMessage_MalformedJson_BadRequestSayingWhatWasWrong()
    {
        var (_, client, threadId) = await factory.AgentInThreadAsync("Malformed JSON");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsync("/api/chat/message",
            new StringContent($$"""{"threadId": {{threadId}}, "content": "unterminated""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Contain("request body as JSON").And.Contain("LineNumber");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task CreateThread_UnknownEnumValue_BadRequestNamingTheField()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Unknown enum");
        var before = await factory.CountRowsAsync();

        var response = await client.PostAsync("/api/chat/thread",
            new StringContent("""{"type": "banana", "title": "Fruit", "participantIds": []}""", Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Contain("$.type");
        (await factory.CountRowsAsync()).Should().Be(before);
    }

    [Fact]
    public async Task GetThreads_UnknownStatusInQuery_BadRequestNamingTheParameter()
    {
        var (_, client, _) = await factory.AgentInThreadAsync("Unknown query enum");

        var response = await client.GetAsync("/api/chat/threads?status=banana");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Detail.Should().Contain("status").And.Contain("banana");
    }
}
