using System.ComponentModel.DataAnnotations;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>Local message analysis, bound from the <c>Analysis</c> section (README: Analysis).</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Analyse every message posted or edited by a person (sentiment, intent, language).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Messages waiting for analysis; past this the oldest waiting one is put aside (posting never waits) and analysed when
    /// the load falls, by a catch-up pass that finds messages without analysis, oldest first.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>At start-up, this many of the newest messages without analysis are analysed (0: none).</summary>
    [Range(0, 1_000_000)]
    public int CatchUpLimit { get; set; } = 5_000;

    /// <summary>How often, at most, the log says how many messages did not fit in the queue (one line with a count, not one per message).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Analysis:BehindLogInterval must be between 00:00:01 and 1.00:00:00 (docs/configuration.md).")]
    public TimeSpan BehindLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After an agent corrects an intent, the classifier retrains once no further correction came for this long.</summary>
    public TimeSpan RetrainDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How many different people must correct a text to the same intent before everyone's classifier learns it (a
    /// supervisor's or admin's correction counts at once). One person alone never retrains it for everyone.
    /// </summary>
    [Range(1, 100)]
    public int CorrectionsNeeded { get; set; } = 2;

    /// <summary>When a message raises its thread's priority.</summary>
    [Required]
    public RaisePriorityRule RaisePriority { get; set; } = new();
}

/// <summary>A thread's priority is raised (never lowered) to <see cref="To"/> by a strongly negative or urgent message.</summary>
public sealed class RaisePriorityRule
{
    /// <summary>Raise when the message's compound sentiment is at or below this (-1 to 1; below -1 turns the sentiment rule off).</summary>
    [Range(-2.0, 1.0)]
    public double NegativeBelow { get; set; } = -0.6;

    /// <summary>Raise when the message's intent is one of these; unset means ["urgent"] (null, because configuration appends to a default array).</summary>
    public string[]? Intents { get; set; }

    public IReadOnlyList<string> EffectiveIntents => Intents ?? ["urgent"];

    /// <summary>The intent rule needs at least this confidence from the classifier (0 to 1).</summary>
    [Range(0.0, 1.0)]
    public double MinIntentConfidence { get; set; } = 0.5;

    /// <summary>The priority a matching message raises its thread to.</summary>
    public PriorityLevel To { get; set; } = PriorityLevel.High;
}
