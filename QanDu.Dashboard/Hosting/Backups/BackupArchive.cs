using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QanDu.Dashboard.Hosting.Backups;

/// <summary>One file in a backup, with what it must read back as.</summary>
internal sealed record BackupEntry(string Path, long Bytes, string Sha256);

/// <summary>What a backup holds: written last into the archive, checked by backup before it reports success and by restore before it changes anything.</summary>
internal sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, string Schema, DatabaseContents Contents, IReadOnlyList<BackupEntry> Entries);

/// <summary>A backup or restore that cannot go on; the message says what is wrong and what was (not) changed.</summary>
internal sealed class BackupException(string message) : Exception(message);

/// <summary>
/// A backup is one zip file: <c>database.db</c> (the checked snapshot), <c>files/…</c> (uploaded files), <c>keys/…</c>
/// (sign-in keys) and <c>manifest.json</c>, which lists every other entry with its size and SHA-256.
/// </summary>
internal static partial class BackupArchive
{
    public const int Format = 1;
    public const string ManifestName = "manifest.json";
    public const string DatabaseName = "database.db";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Copies a file into the archive, hashing it on the way.</summary>
    public static BackupEntry Add(ZipArchive zip, string name, string source, CompressionLevel level)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read);
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = File.GetLastWriteTimeUtc(source);
        using var output = entry.Open();
        var (bytes, sha) = CopyHashing(input, output);
        return new BackupEntry(name, bytes, sha);
    }

    public static void AddManifest(ZipArchive zip, BackupManifest manifest)
    {
        using var output = zip.CreateEntry(ManifestName, CompressionLevel.Optimal).Open();
        JsonSerializer.Serialize(output, manifest, Json);
    }

    /// <summary>
    /// Reads every entry back and compares it with the manifest; with <paramref name="extractTo"/>, also writes each
    /// entry to the path it names (so what is checked is exactly what is written). Throws naming the first problem.
    /// </summary>
    public static BackupManifest Verify(string archive, Func<BackupEntry, string>? extractTo = null)
    {
        using var zip = Open(archive);
        var manifest = ReadManifest(zip, archive);
        var listed = manifest.Entries.Select(e => e.Path).Append(ManifestName).ToHashSet(StringComparer.Ordinal);
        if (zip.Entries.FirstOrDefault(e => !listed.Contains(e.FullName)) is { } extra)
            throw new BackupException($"{archive} holds {extra.FullName}, which its manifest does not list: it was changed after the backup.");
        foreach (var expected in manifest.Entries)
        {
            if (!SafeName().IsMatch(expected.Path) || expected.Path.Split('/').Contains(".."))
                throw new BackupException($"{archive} lists an entry named {expected.Path}, which no backup writes.");
            var entry = zip.GetEntry(expected.Path)
                ?? throw new BackupException($"{archive} is missing {expected.Path}, which its manifest lists.");
            using var input = entry.Open();
            var target = extractTo?.Invoke(expected);
            if (target is not null)
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var output = target is null ? Stream.Null : new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                var (bytes, sha) = ReadChecked(input, output, expected, archive);
                if (bytes != expected.Bytes || sha != expected.Sha256)
                    throw new BackupException(
                        $"{expected.Path} in {archive} does not match its checksum ({bytes:N0} bytes, SHA-256 {sha}; the manifest says {expected.Bytes:N0} bytes, {expected.Sha256}).");
            }
        }
        if (!manifest.Entries.Any(e => e.Path == DatabaseName))
            throw new BackupException($"{archive} has no {DatabaseName}.");
        return manifest;
    }

    private static ZipArchive Open(string archive)
    {
        try
        {
            return ZipFile.OpenRead(archive);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new BackupException($"{archive} cannot be read as a backup (a zip file): {ex.Message}");
        }
    }

    private static BackupManifest ReadManifest(ZipArchive zip, string archive)
    {
        var entry = zip.GetEntry(ManifestName) ?? throw new BackupException($"{archive} has no {ManifestName}: it is not a backup made by the backup command.");
        BackupManifest? manifest;
        try
        {
            using var input = entry.Open();
            manifest = JsonSerializer.Deserialize<BackupManifest>(input, Json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new BackupException($"{ManifestName} in {archive} cannot be read: {ex.Message}");
        }
        if (manifest?.Entries is null)
            throw new BackupException($"{ManifestName} in {archive} is empty.");
        if (manifest.Format != Format)
            throw new BackupException($"{archive} is a backup in format {manifest.Format}; this version reads format {Format}.");
        return manifest;
    }

    private static (long Bytes, string Sha256) ReadChecked(Stream input, Stream output, BackupEntry expected, string archive)
    {
        try
        {
            return CopyHashing(input, output);
        }
        catch (InvalidDataException ex)
        {
            throw new BackupException($"{expected.Path} in {archive} is damaged: {ex.Message}");
        }
    }

    private static (long Bytes, string Sha256) CopyHashing(Stream input, Stream output)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
            total += read;
        }
        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    [GeneratedRegex(@"^(database\.db|files/[A-Za-z0-9_.\-/]+|keys/[A-Za-z0-9_.\-]+)$")]
    private static partial Regex SafeName();
}
