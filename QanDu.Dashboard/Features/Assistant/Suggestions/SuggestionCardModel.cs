namespace QanDu.Dashboard.Features.Assistant.Suggestions;

/// <summary>What one suggestion card shows; <see cref="Version"/> changes with every change, so only that card re-renders.</summary>
public sealed class SuggestionCardModel(int rank)
{
    public int Rank { get; } = rank;
    public string Text { get; private set; } = "";
    public SuggestionStatus Status { get; private set; } = SuggestionStatus.Streaming;
    public long? Id { get; private set; }
    public string? Error { get; private set; }
    public SuggestionSource? Source { get; private set; }
    public bool Inserted { get; private set; }
    public int Version { get; private set; }

    public void Apply(SuggestionUpdate update)
    {
        (Text, Status, Id, Error, Source) = (update.Text, update.Status, update.SuggestionId ?? Id, update.Error, update.Source ?? Source);
        Version++;
    }

    public void MarkInserted(bool inserted)
    {
        if (Inserted == inserted)
            return;
        Inserted = inserted;
        Version++;
    }
}
