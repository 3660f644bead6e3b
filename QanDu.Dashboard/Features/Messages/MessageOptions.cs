using System.ComponentModel.DataAnnotations;

namespace QanDu.Dashboard.Features.Messages;

/// <summary>Limits of messages and history, bound from the <c>Chat</c> section (README: Configuration).</summary>
public sealed class MessageOptions
{
    public const string Section = "Chat";

    /// <summary>Longest message accepted, in characters.</summary>
    [Range(1, 1_000_000)]
    public int MaxMessageLength { get; set; } = 16_000;

    /// <summary>Messages loaded per page of history.</summary>
    [Range(1, 500)]
    public int HistoryPageSize { get; set; } = 50;

    /// <summary>Most posts the writer commits in one transaction (at most 2,048, so a batch fits a subscriber's queue).</summary>
    [Range(1, 2_048)]
    public int WriterMaxBatch { get; set; } = 512;
}
