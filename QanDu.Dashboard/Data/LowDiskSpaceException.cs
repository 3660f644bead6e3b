namespace QanDu.Dashboard.Data;

/// <summary>A write refused before it started because it would leave less free space than the setting keeps (507).</summary>
public sealed class LowDiskSpaceException(string shortage)
    : Exception($"Nothing was stored: {shortage}, the room kept for the database. Ask an administrator to free space, then try again.");
