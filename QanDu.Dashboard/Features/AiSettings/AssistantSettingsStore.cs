using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;

namespace QanDu.Dashboard.Features.AiSettings;

/// <summary>The saved settings and the version a save must name (so a stale form cannot overwrite a newer save).</summary>
public sealed record VersionedAssistantSettings(AssistantSettings Settings, Guid Version, DateTime? UpdatedAt);

/// <summary>
/// Holds the assistant's settings in memory (read on every use, so saves apply at once) and stores them in the
/// one-row <c>AssistantSettings</c> table. Until an admin saves, the defaults of <see cref="AssistantSettings"/> apply.
/// </summary>
public sealed class AssistantSettingsStore(IDbContextFactory<ChatDbContext> dbFactory, AuditLog audit, ILogger<AssistantSettingsStore> logger)
{
    private const int RowId = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private volatile VersionedAssistantSettings _current = new(new AssistantSettings(), Guid.Empty, null);

    /// <summary>The settings in force now.</summary>
    public AssistantSettings Current => _current.Settings;

    public VersionedAssistantSettings CurrentVersioned => _current;

    /// <summary>Raised after a save, with the new settings.</summary>
    public event Action<AssistantSettings>? Changed;

    /// <summary>The settings that differ, by their JSON names, or null when nothing changed.</summary>
    private static (Dictionary<string, JsonElement> Before, Dictionary<string, JsonElement> After)? Changes(AssistantSettings old, AssistantSettings @new)
    {
        var before = JsonSerializer.SerializeToElement(old, Json);
        var after = JsonSerializer.SerializeToElement(@new, Json);
        var changedBefore = new Dictionary<string, JsonElement>();
        var changedAfter = new Dictionary<string, JsonElement>();
        foreach (var property in after.EnumerateObject())
        {
            var previous = before.TryGetProperty(property.Name, out var value) ? value : default;
            if (previous.ValueKind == JsonValueKind.Undefined || previous.GetRawText() != property.Value.GetRawText())
                (changedBefore[property.Name], changedAfter[property.Name]) = (previous, property.Value);
        }
        return changedAfter.Count == 0 ? null : (changedBefore, changedAfter);
    }

    /// <summary>Reads the saved settings (at start-up, after migrations).</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AssistantSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == RowId, ct);
        if (row is null)
            return;
        AssistantSettings? settings = null;
        try
        {
            settings = JsonSerializer.Deserialize<AssistantSettings>(row.Json, Json);
        }
        catch (JsonException e)
        {
            logger.LogError(e, "The saved assistant settings could not be read; the defaults apply until an admin saves them again");
        }
        if (settings is not null)
            _current = new VersionedAssistantSettings(settings, row.Version, row.UpdatedAt);
    }

    /// <summary>
    /// Saves new settings (admins only). Refused with the problems named when invalid, and with a conflict when
    /// someone saved since <paramref name="expectedVersion"/> was read. Audited as <c>ai_settings.saved</c> with the changed
    /// settings only (the record holds no provider keys: those come from configuration, never from here).
    /// </summary>
    public async Task<VersionedAssistantSettings> SaveAsync(ChatCaller caller, AssistantSettings settings, Guid expectedVersion,
        AuditActor? actor = null, CancellationToken ct = default)
    {
        if (!caller.IsAdmin)
            throw new ChatForbiddenException("Only admins change the assistant's settings.");
        settings = settings with { Name = settings.Name?.Trim() ?? "", Model = string.IsNullOrWhiteSpace(settings.Model) ? null : settings.Model.Trim() };
        if (settings.Validate() is { Count: > 0 } errors)
            throw new ChatValidationException(errors);

        await _saveLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var row = await db.AssistantSettings.FirstOrDefaultAsync(s => s.Id == RowId, ct);
            if ((row?.Version ?? Guid.Empty) != expectedVersion)
                throw new ChatConflictException("Someone saved the assistant's settings after you opened them. Reload to see them, then make your change again.");
            if (row is null)
            {
                row = new AssistantSettingsRecord { Id = RowId };
                db.AssistantSettings.Add(row);
            }
            if (Changes(_current.Settings, settings) is { } changes)
                audit.Add(db, actor ?? AuditActor.From(caller), new AuditRecord("ai_settings.saved", "ai_settings", TargetName: "AI assistant",
                    Before: changes.Before, After: changes.After));
            row.Json = JsonSerializer.Serialize(settings, Json);
            row.UpdatedById = caller.UserId;
            row.UpdatedAt = DateTime.UtcNow;
            row.Version = Guid.NewGuid();
            await db.SaveChangesAsync(ct);
            _current = new VersionedAssistantSettings(settings, row.Version, row.UpdatedAt);
        }
        finally
        {
            _saveLock.Release();
        }
        Changed?.Invoke(settings);
        return _current;
    }
}
