using System.Globalization;
using System.Text;

namespace QanDu.Dashboard.Features.Audit;

/// <summary>
/// The audit log as CSV (RFC 4180): every cell quoted when it needs to be, and a cell a spreadsheet would run as a
/// formula (starting with =, +, -, @, tab or carriage return) prefixed with an apostrophe, so opening the export runs nothing.
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Header = ["id", "at_utc", "actor_id", "actor", "address", "action", "target_type", "target_id", "target", "changes", "before", "after", "detail"];

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditEntryView> entries, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Header));
        var count = 0;
        await foreach (var e in entries.WithCancellation(ct))
        {
            await writer.WriteAsync(Line([e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                e.ActorId, e.ActorName, e.Address, e.Action, e.TargetType, e.TargetId, e.TargetName,
                AuditDiff.Describe(e.Before, e.After), e.Before, e.After, e.Detail]));
            if (++count % 200 == 0)
                await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    public static string Line(IReadOnlyList<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value != value.Trim()
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }
}
