using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Assistant;

namespace QanDu.Dashboard.Tests.Features.Assistant;

/// <summary>
/// A test double of the <see cref="IChatClient"/> seam: streams the tokens a test scripts for a question, with a delay
/// between them, and can throw part-way. Real providers are tested against a wire-format server elsewhere.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    public const string Model = "scripted-model";

    /// <summary>The reply for a question (the last user message); by default a short echo.</summary>
    public Func<string, ScriptedReply> Reply { get; set; } = question => ScriptedReply.Words($"You asked: {question}", TimeSpan.FromMilliseconds(5));

    /// <summary>Every request the client received, with who asked and in which thread.</summary>
    public ConcurrentQueue<AssistantRequest?> Requests { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The assistant streams; the scripted client only answers streaming requests.");

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(AssistantRequest.From(options));
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var reply = Reply(question);
        for (var i = 0; i < reply.Tokens.Count; i++)
        {
            if (i == reply.FailAfter)
                throw new HttpRequestException("connection reset by the scripted provider");
            if (i > 0 && reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, reply.Tokens[i]) { ModelId = Model };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

/// <summary>The tokens to stream, the pause between them, and the token index at which the stream breaks (if any).</summary>
public sealed record ScriptedReply(IReadOnlyList<string> Tokens, TimeSpan Delay, int? FailAfter = null)
{
    public static ScriptedReply Words(string text, TimeSpan delay, int? failAfter = null) =>
        new([.. text.Split(' ').Select((w, i) => i == 0 ? w : " " + w)], delay, failAfter);

    public static ScriptedReply Numbered(int count, TimeSpan delay, int? failAfter = null) =>
        new([.. Enumerable.Range(1, count).Select(i => $"w{i} ")], delay, failAfter);
}
