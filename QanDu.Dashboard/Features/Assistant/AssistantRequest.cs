using Microsoft.Extensions.AI;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Assistant;

/// <summary>
/// Who asks and in which thread, handed to the <see cref="IChatClient"/> in <c>ChatOptions.AdditionalProperties</c>,
/// so a client that retrieves (Local) searches only what this requester may see.
/// </summary>
public sealed record AssistantRequest(ChatCaller Requester, long ThreadId)
{
    /// <summary>
    /// Who will read the answer. <see cref="AssistantAudience.Customer"/>: public knowledge only, never staff quotes,
    /// other conversations or private notes, in the customer's language.
    /// </summary>
    public AssistantAudience Audience { get; init; } = AssistantAudience.Staff;

    public const string Key = "qandu.request";

    /// <summary>Keys a client sets on its updates' AdditionalProperties: a confidence (double) and sources used.</summary>
    public const string ConfidenceKey = "qandu.confidence";

    public const string SourcesKey = "qandu.sources";

    public static AssistantRequest? From(Microsoft.Extensions.AI.ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as AssistantRequest : null;
}

/// <summary>Who reads what the assistant writes: an agent (may see internal knowledge and earlier conversations) or a customer.</summary>
public enum AssistantAudience { Staff, Customer }
