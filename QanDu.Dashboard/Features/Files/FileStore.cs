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
/// its uploader attaches it to a message (<see cref="ClaimAsync"/>) or it expires (<see cref="CleanUp"/>).
/// </summary>
public sealed class FileStore(IOptions<FilesOptions> options, IOptions<DatabaseOptions> storage, IHostEnvironment env, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FilesOptions Limits => options.Value;

    public string Root => Path.Combine(storage.Value.DataPath(env.ContentRootPath), "files");

    private string Uploads => Path.Combine(Root, "uploads");

    /// <summary>Stores the body as an upload of <paramref name="caller"/>; refuses a file over the limit as soon as it is passed.</summary>
    public async Task<UploadView> SaveUploadAsync(
        ChatCaller caller, string? fileName, string? claimedType, long? declaredLength, Stream body, CancellationToken ct = default)
    {
        var name = CleanName(fileName);
        var max = options.Value.MaxFileBytes;
        if (declaredLength > max)
            throw new FileTooLargeException(name, max);
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
    /// Takes the caller's uploads for a message: each is moved to its final generated name and turned into an
    /// attachment. An upload that is not the caller's, expired, or already attached is refused, and nothing is taken.
    /// </summary>
    public async Task<ClaimedFiles> ClaimAsync(ChatCaller caller, IReadOnlyList<string> uploadIds, CancellationToken ct)
    {
        if (uploadIds.Count > options.Value.MaxFilesPerMessage)
            throw new ChatValidationException("uploadIds",
                $"A message can carry at most {options.Value.MaxFilesPerMessage} files; this one has {uploadIds.Count}.");
        if (uploadIds.Distinct().Count() != uploadIds.Count)
            throw new ChatValidationException("uploadIds", "The same upload is listed twice.");
        var claimed = new ClaimedFiles(this);
        try
        {
            var oldest = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.UploadLifetimeMinutes);
            foreach (var id in uploadIds)
            {
                var pending = await ReadPendingAsync(id, ct);
                if (pending is null || pending.UploaderId != caller.UserId || pending.CreatedAt < oldest)
                    throw Unavailable(id);
                var stored = NewName();
                var storedName = $"{stored[..2]}/{stored}";
                var target = PathOf(storedName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Move(Path.Combine(Uploads, id + ".bin"), target); // the move is the claim: a second one finds nothing
                }
                catch (FileNotFoundException)
                {
                    throw Unavailable(id);
                }
                claimed.Add(id, target, new Attachment
                {
                    Name = pending.Name, Size = pending.Size, MimeType = pending.MimeType, Type = pending.Type, StoredName = storedName,
                });
            }
            return claimed;
        }
        catch
        {
            claimed.Release();
            throw;
        }
    }

    /// <summary>The full path of a stored file; refuses names that would leave the files folder.</summary>
    public string PathOf(string storedName)
    {
        var path = Path.GetFullPath(Path.Combine(Root, storedName));
        if (!path.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"Stored file name '{storedName}' points outside the files folder.");
        return path;
    }

    /// <summary>Deletes uploads nobody attached within the upload lifetime; answers how many were removed.</summary>
    public int CleanUp()
    {
        if (!Directory.Exists(Uploads))
            return 0;
        var oldest = clock.GetUtcNow().UtcDateTime.AddMinutes(-options.Value.UploadLifetimeMinutes);
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Uploads))
        {
            // A small grace period past the lifetime, so a claim that just started does not lose its file.
            if (File.GetLastWriteTimeUtc(file) >= oldest.AddMinutes(-1))
                continue;
            File.Delete(file);
            if (file.EndsWith(".bin", StringComparison.Ordinal))
                removed++;
        }
        return removed;
    }

    private static ChatValidationException Unavailable(string id) =>
        new("uploadIds", $"Upload {id} was not found: it expired, was already attached, or belongs to someone else. Upload the file again.");

    private async Task<PendingUpload?> ReadPendingAsync(string id, CancellationToken ct)
    {
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
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

    internal void Restore(string uploadId, string storedPath) => File.Move(storedPath, Path.Combine(Uploads, uploadId + ".bin"));

    internal void Forget(string uploadId) => File.Delete(Path.Combine(Uploads, uploadId + ".json"));

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

/// <summary>Uploads taken for one message: <see cref="Commit"/> once the message is stored, <see cref="Release"/> if it was not.</summary>
public sealed class ClaimedFiles(FileStore store)
{
    private readonly List<(string UploadId, string Path, Attachment Attachment)> _files = [];

    public IReadOnlyList<Attachment> Attachments => _files.ConvertAll(f => f.Attachment);

    internal void Add(string uploadId, string path, Attachment attachment) => _files.Add((uploadId, path, attachment));

    public void Commit()
    {
        foreach (var file in _files)
            store.Forget(file.UploadId);
        _files.Clear();
    }

    /// <summary>Puts the files back as uploads, so a retry can attach them again.</summary>
    public void Release()
    {
        foreach (var file in _files)
            store.Restore(file.UploadId, file.Path);
        _files.Clear();
    }
}

/// <summary>A file larger than <c>Files:MaxFileBytes</c>; answered with 413.</summary>
public sealed class FileTooLargeException(string name, long limit)
    : Exception($"{name} is larger than the limit of {FileSize.Format(limit)} per file.");
