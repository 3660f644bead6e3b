using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Profile;

/// <summary>How a person appears: their name, chosen initials colour and uploaded picture (stored name), if any.</summary>
public sealed record PersonLook(string DisplayName, string? Color, string? File)
{
    /// <summary>Where the picture is served, with its stored name so a new picture is never an old cached one.</summary>
    public string? PictureUrl(string userId) => File is null ? null : $"/api/chat/users/{Uri.EscapeDataString(userId)}/avatar?v={Uri.EscapeDataString(File)}";
}

/// <summary>
/// Every person's look in memory (staff are few), read from the database once and updated by <see cref="ProfileService"/>
/// on each change, so an avatar anywhere costs no query. <see cref="Changed"/> lets the top bar follow a change at once.
/// </summary>
public sealed class AvatarCatalog(IDbContextFactory<ChatDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<string, PersonLook> _looks = new();
    private Task? _loaded;

    /// <summary>Raised with the person's id after their name, colour or picture changed.</summary>
    public event Action<string>? Changed;

    /// <summary>The person's look, or null when unknown (then the name's initials and colour apply).</summary>
    public async ValueTask<PersonLook?> GetAsync(string userId)
    {
        var loaded = _loaded ??= LoadAsync();
        if (!loaded.IsCompletedSuccessfully)
            await loaded;
        return _looks.TryGetValue(userId, out var look) ? look : null;
    }

    public void Set(string userId, PersonLook look)
    {
        _looks[userId] = look;
        Changed?.Invoke(userId);
    }

    private async Task LoadAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var rows = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.AvatarColor, u.AvatarFile }).ToListAsync();
            foreach (var row in rows)
                _looks.TryAdd(row.Id, new PersonLook(row.DisplayName, row.AvatarColor, row.AvatarFile)); // a newer Set wins
        }
        catch
        {
            _loaded = null; // read again next time rather than remember a failure
            throw;
        }
    }
}
