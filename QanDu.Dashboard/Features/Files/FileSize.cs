using System.Globalization;

namespace QanDu.Dashboard.Features.Files;

public static class FileSize
{
    /// <summary>A size as people read it: 512 B, 1.4 KB, 25 MB (1 KB = 1,024 bytes).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        var format = unit == 0 || value >= 10 || value % 1 == 0 ? "0" : "0.#";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
