using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Assistant.Customers;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace QanDu.Dashboard.Features.Assistant.Local;

/// <summary>
/// The built-in offline assistant: no generative model, so it answers only with what it can find — published
/// knowledge-base articles (<see cref="KnowledgeAnswerer"/>) and how agents
/// answered similar questions in conversations the requester may see (<see cref="AnswerFinder"/>), or an extractive
/// summary of the current thread (<see cref="ThreadSummarizer"/>) — cites where it came from, and streams the answer
/// word by word like a model.
/// </summary>
public sealed partial class LocalChatClient(
    AnswerFinder answers,
    KnowledgeAnswerer knowledge,
    ThreadSummarizer summarizer,
    CustomerAnswerer customerAnswers,
    IOptions<AssistantOptions> settings,
    TimeProvider clock) : IChatClient
{
    /// <summary>The model name recorded on its messages; the UI shows it as the built-in offline assistant.</summary>
    public const string ModelName = "qandu-local";

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, AiChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ProposedCall(messages, options) is { } call)
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { ModelId = ModelName };
        var answer = await ComposeAsync(messages, options, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.Text))
        {
            ModelId = ModelName,
            AdditionalProperties = Properties(answer),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, AiChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (ProposedCall(messages, options) is { } call)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]) { ModelId = ModelName };
            yield break;
        }
        var answer = await ComposeAsync(messages, options, cancellationToken);
        var delay = settings.Value.Local.TokenDelay;
        var first = true;
        foreach (Match token in TokenPattern().Matches(answer.Text))
        {
            if (!first && delay > TimeSpan.Zero)
                await Task.Delay(delay, clock, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, token.Value)
            {
                ModelId = ModelName,
                AdditionalProperties = first ? Properties(answer) : null,
            };
            first = false;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("QanDu Local", null, ModelName)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Nothing held: searches use short-lived database contexts.
    }

    private async Task<LocalAnswer> ComposeAsync(IEnumerable<ChatMessage> messages, AiChatOptions? chatOptions, CancellationToken ct)
    {
        if (AfterTool(messages) is { } afterTool)
            return afterTool;
        var question = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text?.Trim() ?? "";
        var request = AssistantRequest.From(chatOptions);
        if (request?.Audience == AssistantAudience.Customer)
            return await AnswerCustomerAsync(question, chatOptions, ct);
        if (question.Length == 0)
            return new LocalAnswer("Ask me a question — for example how to handle a refund — or ask me to summarize this conversation.", null, []);
        if (TextWords.AsksForSummary(question))
            return await summarizer.SummarizeAsync(request, messages, ct);
        if (request is null)
            return new LocalAnswer(
                "I can only search earlier conversations when I know who is asking; this request came without that, so I have no answer to offer.",
                null, []);
        // The knowledge base first (curated answers), then how agents answered before; both ranked, both cited.
        var fromKnowledge = await knowledge.AnswerAsync(request, question, ct);
        var fromConversations = await answers.AnswerAsync(request, question, ct);
        return Combine(fromKnowledge, fromConversations);
    }

    /// <summary>
    /// An answer a customer reads: public knowledge only, never a summary, staff quotes or other conversations. The
    /// language comes from the request (<see cref="LanguageKey"/>) when the caller knows it.
    /// </summary>
    private async Task<LocalAnswer> AnswerCustomerAsync(string question, AiChatOptions? chatOptions, CancellationToken ct)
    {
        var language = chatOptions?.AdditionalProperties?.TryGetValue(LanguageKey, out var value) == true ? value as string : null;
        var answer = await customerAnswers.AnswerAsync(question, language, ct);
        return new LocalAnswer(answer.Text, answer.Confidence, answer.Sources);
    }

    /// <summary>ChatOptions.AdditionalProperties key: the customer's language (ISO 639-1), for answers to customers.</summary>
    public const string LanguageKey = "qandu.language";

    /// <summary>
    /// Knowledge leads unless an earlier conversation matches clearly better: an article is reviewed, a reply was
    /// written for one customer. Sources follow the order of the text.
    /// </summary>
    internal static LocalAnswer Combine(LocalAnswer? fromKnowledge, LocalAnswer fromConversations)
    {
        if (fromKnowledge is null)
            return fromConversations;
        if (fromConversations.Sources.Count == 0)
            return fromKnowledge;
        var knowledgeFirst = (fromKnowledge.Confidence ?? 0) >= (fromConversations.Confidence ?? 0) * 0.8;
        var (first, second, heading) = knowledgeFirst
            ? (fromKnowledge, fromConversations, "From earlier conversations:")
            : (fromConversations, fromKnowledge, "Also in the knowledge base:");
        return new LocalAnswer(
            $"{first.Text}\n\n{heading}\n\n{second.Text}",
            Math.Max(fromKnowledge.Confidence ?? 0, fromConversations.Confidence ?? 0),
            [.. first.Sources, .. second.Sources]);
    }

    private static AdditionalPropertiesDictionary Properties(LocalAnswer answer)
    {
        var properties = new AdditionalPropertiesDictionary { [AssistantRequest.SourcesKey] = answer.Sources };
        if (answer.Confidence is { } confidence)
            properties[AssistantRequest.ConfidenceKey] = confidence;
        return properties;
    }

    // A word with the spaces or line breaks after it; leading space stays with the first word.
    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex TokenPattern();
}

/// <summary>What the Local assistant will say, how sure it is (retrieval score, 0–1) and what it used.</summary>
public sealed record LocalAnswer(string Text, double? Confidence, IReadOnlyList<AiSource> Sources);
