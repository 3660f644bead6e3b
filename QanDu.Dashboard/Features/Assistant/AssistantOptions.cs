using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Assistant;

/// <summary>How the assistant replies in AI threads (section <c>Ai</c>; see README, "AI assistant").</summary>
public sealed class AssistantOptions
{
    public const string Section = "Ai";

    /// <summary>How often the growing reply is shown to open threads (coalesced; 75 ms is about 13 times a second).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(75);

    /// <summary>How often the growing reply is stored while streaming, so a crash loses little.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SaveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most tokens of context the model is given per request (system, summary, messages, knowledge).</summary>
    [Range(500, 1_000_000)]
    public int ContextTokens { get; set; } = 6_000;

    /// <summary>How many times one reply may call tools and be asked again before it must answer.</summary>
    [Range(1, 10)]
    public int MaxToolRounds { get; set; } = 3;

    /// <summary>The built-in offline assistant (<c>Ai:Local</c>).</summary>
    public LocalAssistantOptions Local { get; set; } = new();
}

/// <summary>The built-in offline assistant (<c>Ai:Local</c>).</summary>
public sealed class LocalAssistantOptions
{
    /// <summary>Pause between streamed words, so the answer arrives like a model's.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(15);
}
