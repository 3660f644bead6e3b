namespace QanDu.Dashboard.Data.Entities;

/// <summary>
/// The health page's write probe (one row, Id 1): each probe updates <see cref="CheckedAt"/> and commits, so a read-only
/// file or a disk that refuses writes shows before a person's message is refused. Written only by the database probe.
/// </summary>
public sealed class HealthProbe
{
    public int Id { get; set; }
    public DateTime CheckedAt { get; set; }

    /// <summary>Always null once committed: the probe fills it inside a savepoint it rolls back, to check the file can grow.</summary>
    public byte[]? Padding { get; set; }
}
