using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Features.Files;
using QanDu.Dashboard.Realtime;

namespace QanDu.Dashboard.Features.Profile;

/// <summary>What the profile page shows of the signed-in person.</summary>
public sealed record ProfileView(string UserId, string DisplayName, string Email, string? AvatarColor, string? AvatarFile, string Language, string? TimeZone);

/// <summary>
/// A person's own profile: display name, avatar (an initials colour or a picture), language and time zone. Each change
/// is one write with its audit entry; a name change raises <see cref="AppUser.AccessVersion"/> so every open session's
/// cookie picks the new name up. Password and two-factor changes are elsewhere (ProfileEndpoints, TwoFactorService).
/// </summary>
public sealed class ProfileService(
    IDbContextFactory<ChatDbContext> dbFactory,
    FileStore files,
    AvatarCatalog catalog,
    AuditLog audit,
    IChatEvents events)
{
    public const int MaxNameLength = 100;
    public const long MaxPictureBytes = 2 * 1024 * 1024;

    /// <summary>The initials colours a person can choose from.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#3b5bdb", "#0b7285", "#5f3dc4", "#c2255c", "#2b8a3e", "#e8590c", "#1864ab", "#862e9c", "#5c940d", "#a61e4d"];

    /// <summary>The languages a person can choose (BCP 47); English only until the UI is translated.</summary>
    public static readonly IReadOnlyList<(string Tag, string Name)> Languages = [("en", "English")];

    public string PictureFolder => Path.Combine(files.Root, "avatars");

    public long PictureLimit => Math.Min(MaxPictureBytes, files.Limits.MaxFileBytes);

    public async Task<ProfileView> GetAsync(ChatCaller caller, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == caller.UserId, ct) ?? throw new ChatNotFoundException("Your account");
        return new ProfileView(user.Id, user.DisplayName, user.Email ?? "", user.AvatarColor, user.AvatarFile, user.Language, user.TimeZone);
    }

    /// <summary>The IANA time zone the person chose; null until they choose (times then follow the browser in use).</summary>
    public async Task<string?> TimeZoneOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
    }

    public async Task RenameAsync(ChatCaller caller, string name, AuditActor actor, CancellationToken ct = default)
    {
        name = (name ?? "").Trim();
        if (name.Length == 0)
            throw new ChatValidationException("displayName", "Enter the name others see you by.");
        if (name.Length > MaxNameLength)
            throw new ChatValidationException("displayName", $"A name can be at most {MaxNameLength} characters; this one has {name.Length}.");
        if (name.Any(char.IsControl))
            throw new ChatValidationException("displayName", "A name cannot contain line breaks or control characters.");
        await ChangeAsync(caller, user =>
        {
            if (user.DisplayName == name)
                return null;
            var before = user.DisplayName;
            user.DisplayName = name;
            user.AccessVersion++; // the cookie carries the name: open sessions refresh it
            return new AuditRecord("profile.renamed", "user", user.Id, name, new { displayName = before }, new { displayName = name });
        }, ct, actor);
        events.Publish(new AccessChanged(caller.UserId));
    }

    /// <summary>Chooses the initials colour (one of <see cref="Palette"/>) and drops an uploaded picture.</summary>
    public async Task SetColorAsync(ChatCaller caller, string color, AuditActor actor, CancellationToken ct = default)
    {
        if (!Palette.Contains(color))
            throw new ChatValidationException("avatarColor", $"Choose one of the offered colours ({string.Join(", ", Palette)}).");
        string? oldFile = null;
        await ChangeAsync(caller, user =>
        {
            if (user.AvatarColor == color && user.AvatarFile is null)
                return null;
            var before = new { avatarColor = user.AvatarColor, picture = user.AvatarFile is not null };
            oldFile = user.AvatarFile;
            user.AvatarColor = color;
            user.AvatarFile = null;
            return new AuditRecord("profile.avatar_changed", "user", user.Id, user.DisplayName, before, new { avatarColor = color, picture = false });
        }, ct, actor);
        DeletePicture(oldFile);
    }

    /// <summary>
    /// Stores an uploaded picture, checked as every file is: size before buffering, kind by its first bytes; only PNG,
    /// JPEG, GIF and WebP images (never SVG). Stored under a generated name; the previous picture is deleted.
    /// </summary>
    public async Task SetPictureAsync(ChatCaller caller, string fileName, string? contentType, long size, Stream content, AuditActor actor,
        CancellationToken ct = default)
    {
        var limit = PictureLimit;
        if (size > limit)
            throw new ChatValidationException("avatar", $"{fileName}: a picture can be at most {FileSize.Format(limit)}; this one is {FileSize.Format(size)}.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new ChatValidationException("avatar", $"{fileName}: a picture can be at most {FileSize.Format(limit)}.");
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new ChatValidationException("avatar", $"{fileName}: the file is empty.");
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var (mimeType, type) = Check(fileName, contentType, bytes[..Math.Min(bytes.Length, FileKinds.HeadLength)]);
        if (type != AttachmentType.Image || !FileKinds.IsInline(mimeType))
            throw new ChatValidationException("avatar", $"{fileName}: a profile picture must be a PNG, JPEG, GIF or WebP image.");

        Directory.CreateDirectory(PictureFolder);
        var stored = Guid.NewGuid().ToString("N") + Extension(mimeType);
        await File.WriteAllBytesAsync(Path.Combine(PictureFolder, stored), buffer.ToArray(), ct);
        string? oldFile = null;
        try
        {
            await ChangeAsync(caller, user =>
            {
                oldFile = user.AvatarFile;
                var before = new { picture = user.AvatarFile is not null };
                user.AvatarFile = stored;
                return new AuditRecord("profile.avatar_changed", "user", user.Id, user.DisplayName, before, new { picture = true },
                    Detail: $"{mimeType}, {FileSize.Format(buffer.Length)}");
            }, ct, actor);
        }
        catch
        {
            DeletePicture(stored); // nothing half-done: no file without the profile pointing at it
            throw;
        }
        DeletePicture(oldFile);
    }

    /// <summary>Removes the uploaded picture: the initials show again.</summary>
    public async Task RemovePictureAsync(ChatCaller caller, AuditActor actor, CancellationToken ct = default)
    {
        string? oldFile = null;
        await ChangeAsync(caller, user =>
        {
            if (user.AvatarFile is null)
                return null;
            oldFile = user.AvatarFile;
            user.AvatarFile = null;
            return new AuditRecord("profile.avatar_changed", "user", user.Id, user.DisplayName, new { picture = true }, new { picture = false });
        }, ct, actor);
        DeletePicture(oldFile);
    }

    /// <summary>Saves the language (stored for when the UI is translated) and the time zone (an IANA id) the UI shows times in.</summary>
    public async Task SavePreferencesAsync(ChatCaller caller, string language, string timeZone, CancellationToken ct = default)
    {
        if (!Languages.Any(l => l.Tag == language))
            throw new ChatValidationException("language", $"'{language}' is not a language the dashboard offers yet; choose English (en).");
        if (!TimeZones.IsKnown(timeZone))
            throw new ChatValidationException("timeZone", $"'{timeZone}' is not a time zone this server knows. Choose one from the list, e.g. Europe/Berlin.");
        await ChangeAsync(caller, user =>
        {
            user.Language = language;
            user.TimeZone = timeZone;
            return null;
        }, ct);
    }

    /// <summary>The picture file of a person, for the avatar endpoint: its path and type, or null when they have none.</summary>
    public (string Path, string MimeType)? PictureOf(string? storedName)
    {
        if (storedName is null || storedName.Contains('/') || storedName.Contains('\\') || storedName.Contains(".."))
            return null;
        var path = Path.Combine(PictureFolder, storedName);
        var mime = Path.GetExtension(storedName) switch
        {
            ".png" => "image/png",
            ".jpg" => "image/jpeg",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            _ => null,
        };
        return mime is null || !File.Exists(path) ? null : (path, mime);
    }

    private async Task ChangeAsync(ChatCaller caller, Func<AppUser, AuditRecord?> change, CancellationToken ct, AuditActor? actor = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.UserId, ct) ?? throw new ChatNotFoundException("Your account");
        var record = change(user);
        if (record is not null)
            audit.Add(db, actor ?? AuditActor.From(caller), record);
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
        catalog.Set(user.Id, new PersonLook(user.DisplayName, user.AvatarColor, user.AvatarFile));
    }

    private static (string MimeType, AttachmentType Type) Check(string fileName, string? contentType, ReadOnlySpan<byte> head)
    {
        try
        {
            return FileKinds.Check(fileName, contentType, head);
        }
        catch (ChatValidationException e)
        {
            throw new ChatValidationException("avatar", e.Message); // named as the profile page's field
        }
    }

    private void DeletePicture(string? storedName)
    {
        if (PictureOf(storedName) is { } picture)
            File.Delete(picture.Path);
    }

    private static string Extension(string mimeType) => mimeType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        _ => ".webp",
    };
}
