using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Files.Components;

namespace QanDu.Dashboard.Features.Files;

/// <summary>A file uploaded and checked, waiting to be attached to a message by its uploader.</summary>
public sealed record UploadView(string Id, string Name, long Size, string MimeType, AttachmentType Type);

/// <summary>
/// Files on disk under <c>{Storage:DataDirectory}/files</c>, always under generated names. An upload streams to a temp
/// file while its bytes are counted (never buffered whole), is checked by content, and waits in <c>uploads/</c> until
/// its uploader attaches it to a message (<see cref="ClaimAsync"/>, moved after the commit by <see cref="Settle"/>) or it
/// expires (<see cref="CleanUp"/>).
/// </summary>
public sealed class FileStore(IOptions<FilesOptions> options, IOptions<DatabaseOptions> storage, IHostEnvironment env, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StorageSpace _space = new(storage, env);

    public FilesOptions Limits => options.Value;

    public string Root => Path.Combine(storage.Value.DataPath(env.ContentRootPath), "files");

    private string Uploads => Path.Combine(Root, "uploads");

    /// <summary>
    /// Stores the body as an upload of <paramref name="caller"/>; refuses a file over the limit as soon as it is passed,
    /// and any file while the disk has less free space than <c>Storage:MinFreeSpaceMegabytes</c> (that room is the database's).
    /// </summary>
    public async Task<UploadView> SaveUploadAsync(
        ChatCaller caller, string? fileName, string? claimedType, long? declaredLength, Stream body, CancellationToken ct = default)
    {
        var name = CleanName(fileName);
        var max = options.Value.MaxFileBytes;
        if (declaredLength > max)
            throw new FileTooLargeException(name, max);
        if (_space.Shortage(declaredLength ?? 0) is { } shortage)
            throw new LowDiskSpaceException(shortage);
        Directory.CreateDirectory(Uploads);
        var id = NewName();
        var part = Path.Combine(Uploads, id + ".part");
        try
        {
            var head = new byte[FileKinds.HeadLength];
            var headLength = 0;
            long total = 0;
            await using (var file = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > max)
                        throw new FileTooLargeException(name, max);
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            if (total == 0)
                throw new ChatValidationException("file", $"{name}: the file is empty.");
            var (mimeType, type) = FileKinds.Check(name, claimedType, head.AsSpan(0, headLength));
            var pending = new PendingUpload(caller.UserId, name, total, mimeType, type, clock.GetUtcNow().UtcDateTime);
            await File.WriteAllTextAsync(Path.Combine(Uploads, id + ".json"), JsonSerializer.Serialize(pending, Json), ct);
            File.Move(part, Path.Combine(Uploads, id + ".bin"));
            return new UploadView(id, name, total, mimeType, type);
        }
        finally
        {
            File.Delete(part); // gone already when the upload was accepted
        }
    }

    /// <summary>
    /// Checks the caller's uploads for a message and describes them as attachments, each stored under its upload's
    /// generated name. Nothing moves yet: the files stay uploads until the message has committed
    /// (<see cref="ClaimedFiles.Commit"/>), so a crash or a failed commit leaves them attachable by a retry, and never a
    /// stored file that no message owns. An upload that is not the caller's, expired, or already attached is refused.
    /// </summary>
    public async Task<ClaimedFiles> ClaimAsync(ChatCaller caller, IReadOnlyList<string> uploadIds, CancellationToken ct)
    {
        if (uploadIds.Count > options.Value.MaxFilesPerMessage)
            throw new ChatValidationException("uploadIds",
                $"A message can carry at most {options.Value.MaxFilesPerMessage} files; this one has {uploadIds.Count}.");
        if (uploadIds.Distinct().Count() != uploadIds.Count)
            throw new ChatValidationException("uploadIds", "The same upload is listed twice.");
        var now = clock.GetUtcNow().UtcDateTime;
        var oldest = now.AddMinutes(-options.Value.UploadLifetimeMinutes);
        var attachments = new List<Attachment>(uploadIds.Count);
        foreach (var id in uploadIds)
        {
            var pending = await ReadPendingAsync(id, ct);
            if (pending is null || pending.UploaderId != caller.UserId || pending.CreatedAt < oldest)
                throw Unavailable(id);
            try
            {
                // Touched, so the clean-up of old uploads leaves it alone while its message is being committed.
                File.SetLastWriteTimeUtc(UploadFile(id), now);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                throw Unavailable(id); // attached (and moved) meanwhile, or cleaned up
            }
            attachments.Add(new Attachment
            {
                Name = pending.Name, Size = pending.Size, MimeType = pending.MimeType, Type = pending.Type, StoredName = StoredNameOf(id),
            });
        }
        return new ClaimedFiles(this, [.. uploadIds], attachments);
    }

    /// <summary>
    /// Moves an attached upload to its stored place, once an attachment that owns it has committed; true when the file is
    /// there. Safe to call again and from several places at once (the poster, a download, the start-up recovery).
    /// </summary>
    public bool Settle(string uploadId)
    {
        var target = PathOf(StoredNameOf(uploadId));
        try
        {
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(UploadFile(uploadId), target);
            }
            File.Delete(Path.Combine(Uploads, uploadId + ".json"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Moved by another caller meanwhile (then the target exists), or the disk refused: the next clean-up tries again.
        }
        return File.Exists(target);
    }

    /// <summary>
    /// A stored file, moved into place first when its upload was attached but not yet moved (a crash between the commit
    /// and the move); true when it exists.
    /// </summary>
    public bool EnsureStored(string storedName) =>
        File.Exists(PathOf(storedName)) || (UploadIdOf(storedName) is { } id && Settle(id));

    /// <summary>The ids of the uploads waiting in <c>uploads/</c> (their file is there).</summary>
    public IReadOnlyList<string> WaitingUploadIds() =>
        !Directory.Exists(Uploads)
            ? []
            : [.. Directory.EnumerateFiles(Uploads, "*.bin").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsGeneratedName)];

    /// <summary>The stored names of the files under <c>files/</c> that carry a generated name (uploads not included).</summary>
    public IReadOnlyList<string> StoredNames()
    {
        if (!Directory.Exists(Root))
            return [];
        return [.. Directory.EnumerateDirectories(Root)
            .Select(Path.GetFileName).OfType<string>()
            .Where(folder => folder.Length == 2 && folder.All(char.IsAsciiHexDigitLower))
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder)).Select(file => $"{folder}/{Path.GetFileName(file)}"))
            .Where(name => UploadIdOf(name) is not null)];
    }

    /// <summary>Deletes a stored file (one no attachment owns).</summary>
    public void DeleteStored(string storedName) => File.Delete(PathOf(storedName));

    /// <summary>Where an upload's file is stored once attached: a folder of its first two characters, then its name.</summary>
    public static string StoredNameOf(string uploadId) => $"{uploadId[..2]}/{uploadId}";

    private static string? UploadIdOf(string storedName) =>
        storedName.Length == 35 && storedName[2] == '/' && IsGeneratedName(storedName[3..]) && storedName[..2] == storedName[3..5]
            ? storedName[3..]
            : null;

    private static bool IsGeneratedName(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    private string UploadFile(string uploadId) => Path.Combine(Uploads, uploadId + ".bin");

    /// <summary>The full path of a stored file; refuses names that would leave the files folder.</summary>
    public string PathOf(string storedName)
    {
        var path = Path.GetFullPath(Path.Combine(Root, storedName));
        if (!path.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"Stored file name '{storedName}' points outside the files folder.");
        return path;
    }

    /// <summary>Deletes uploads nobody attached within the upload lifetime, except <paramref name="keep"/>; answers how many were removed.</summary>
    public int CleanUp(IReadOnlySet<string>? keep = null)
    {
        if (!Directory.Exists(Uploads))
            return 0;
        var oldest = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.UploadLifetimeMinutes);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Uploads))
        {
            // A small grace period past the lifetime, so a claim that just started does not lose its file.
            if (File.GetLastWriteTimeUtc(file) >= oldest.AddMinutes(-1) || keep?.Contains(Path.GetFileNameWithoutExtension(file)) == true)
                continue;
            File.Delete(file);
            if (file.EndsWith(".bin", StringComparison.Ordinal))
                removed++;
        }
        return removed;
    }

    /// <summary>The error for an upload that cannot be attached (any more).</summary>
    public static ChatValidationException Unavailable(string id) =>
        new("uploadIds", $"Upload {id} was not found: it expired, was already attached, or belongs to someone else. Upload the file again.");

    private async Task<PendingUpload?> ReadPendingAsync(string id, CancellationToken ct)
    {
        if (!IsGeneratedName(id))
            return null;
        var meta = Path.Combine(Uploads, id + ".json");
        try
        {
            return JsonSerializer.Deserialize<PendingUpload>(await File.ReadAllTextAsync(meta, ct), Json);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The uploads of <paramref name="userId"/> still waiting for a message (not expired): their total size and when
    /// the oldest of them expires.
    /// </summary>
    internal (long Bytes, DateTime? OldestExpires) PendingOf(string userId)
    {
        if (!Directory.Exists(Uploads))
            return (0, null);
        var lifetime = TimeSpan.FromMinutes(options.Value.UploadLifetimeMinutes);
        var oldest = clock.GetUtcNow().UtcDateTime - lifetime;
        long bytes = 0;
        DateTime? oldestCreated = null;
        foreach (var meta in Directory.EnumerateFiles(Uploads, "*.json"))
        {
            PendingUpload? pending;
            try
            {
                pending = JsonSerializer.Deserialize<PendingUpload>(File.ReadAllText(meta), Json);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                continue; // attached or cleaned up meanwhile, or being written
            }
            if (pending is null || pending.UploaderId != userId || pending.CreatedAt < oldest)
                continue;
            bytes += pending.Size;
            if (oldestCreated is null || pending.CreatedAt < oldestCreated)
                oldestCreated = pending.CreatedAt;
        }
        return (bytes, oldestCreated + lifetime);
    }

    /// <summary>The Unicode bidirectional formatting characters (embeddings, overrides, isolates, marks).</summary>
    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string NewName() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The name shown to people: no folders, no control characters, no bidirectional controls (which make
    /// "invoice\u202Efdp.exe" read as "invoiceexe.pdf"), at most 255 characters with its extension.
    /// </summary>
    private static string CleanName(string? fileName)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c) && !IsBidiControl(c)).ToArray()).Trim();
        if (name.Length == 0)
            throw new ChatValidationException("fileName", "Send the file's name in the X-File-Name header (URL-encoded).");
        if (name.Length > 255)
        {
            var extension = Path.GetExtension(name);
            name = extension.Length < 20 ? name[..(255 - extension.Length)] + extension : name[..255];
        }
        return name;
    }

    private sealed record PendingUpload(string UploaderId, string Name, long Size, string MimeType, AttachmentType Type, DateTime CreatedAt);
}
