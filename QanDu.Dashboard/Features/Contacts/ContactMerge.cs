using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.Contacts;

/// <summary>
/// The steps of merging one contact into another, staged on the caller's context and transaction
/// (<see cref="ContactService.MergeAsync"/> commits them once). The merged contact's stand-in user leaves every thread: its
/// participations, messages, read cursors and reactions become the survivor's user's, keeping one row where both had one.
/// </summary>
internal static class ContactMerge
{
    /// <summary>
    /// Supervisors and admins merge: a merge moves conversations an agent may not see, and it is not undone by a click.
    /// </summary>
    public static void RequireMerger(ChatCaller caller)
    {
        caller.RequireStaff("Contacts");
        if (!caller.IsStaff || !caller.SeesAllThreads)
            throw new ChatForbiddenException("Only supervisors and admins merge contacts.");
    }

    /// <summary>The two contacts, tracked, or the refusal that names what is wrong with the pair.</summary>
    public static async Task<(Contact Survivor, Contact Merged)> LoadPairAsync(ChatDbContext db, long survivorId, long mergedId, CancellationToken ct)
    {
        if (survivorId == mergedId)
            throw new ChatValidationException("mergeId", "A contact cannot be merged with itself; choose another contact.");
        var survivor = await db.Contacts.FirstOrDefaultAsync(c => c.Id == survivorId, ct) ?? throw new ChatNotFoundException($"Contact {survivorId}");
        var merged = await db.Contacts.FirstOrDefaultAsync(c => c.Id == mergedId, ct) ?? throw new ChatNotFoundException($"Contact {mergedId}");
        if (survivor.MergedIntoId is { } into)
            throw new ChatValidationException("survivorId", $"Contact {survivorId} was already merged into contact {into}; merge into that one.");
        if (merged.MergedIntoId is { } mergedInto)
            throw new ChatValidationException("mergeId", $"Contact {mergedId} was already merged into contact {mergedInto}.");
        if (survivor.ChannelId == merged.ChannelId && survivor.Identifier is { } a && merged.Identifier is { } b && a != b)
            throw new ChatValidationException("mergeId",
                $"These contacts are different signed-in users of the same website (identifiers \"{a}\" and \"{b}\"), so they are not merged.");
        return (survivor, merged);
    }

    public sealed record MergePlan(IReadOnlyList<string> AttributesTaken, IReadOnlyList<string> FieldsFilled);

    /// <summary>What the survivor takes: attributes it lacks, and the fields it has empty.</summary>
    public static MergePlan Plan(Contact survivor, Contact merged)
    {
        var attributes = merged.Attributes.Keys.Where(k => !survivor.Attributes.ContainsKey(k)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var fields = new List<string>();
        if (survivor.Name is null && merged.Name is not null) fields.Add("name");
        if (survivor.Email is null && merged.Email is not null) fields.Add("email");
        if (survivor.Phone is null && merged.Phone is not null) fields.Add("phone");
        if (survivor.Company is null && merged.Company is not null) fields.Add("company");
        // A host-site id means something only in its own channel.
        if (survivor.Identifier is null && merged.Identifier is not null && (survivor.ChannelId == merged.ChannelId || survivor.ChannelId is null))
            fields.Add("identifier");
        return new MergePlan(attributes, fields);
    }

    /// <summary>Fills the survivor from the merged contact by <paramref name="plan"/>; the seen times span both.</summary>
    public static void Absorb(Contact survivor, Contact merged, MergePlan plan)
    {
        foreach (var key in plan.AttributesTaken)
            survivor.Attributes[key] = merged.Attributes[key];
        survivor.Attributes = new Dictionary<string, string>(survivor.Attributes); // a new instance: the JSON column is saved
        if (plan.FieldsFilled.Contains("name")) survivor.Name = merged.Name;
        if (plan.FieldsFilled.Contains("email")) survivor.Email = merged.Email;
        if (plan.FieldsFilled.Contains("phone")) survivor.Phone = merged.Phone;
        if (plan.FieldsFilled.Contains("company")) survivor.Company = merged.Company;
        if (plan.FieldsFilled.Contains("identifier")) survivor.Identifier = merged.Identifier;
        survivor.ChannelId ??= merged.ChannelId;
        survivor.FirstSeenAt = Earliest(survivor.FirstSeenAt, merged.FirstSeenAt);
        if (merged.LastSeenAt > survivor.LastSeenAt || survivor.LastSeenAt is null)
        {
            // The visit seen last says where the customer is now.
            survivor.LastSeenAt = merged.LastSeenAt;
            survivor.Browser = merged.Browser ?? survivor.Browser;
            survivor.Os = merged.Os ?? survivor.Os;
            survivor.LastPageUrl = merged.LastPageUrl ?? survivor.LastPageUrl;
            survivor.LastPageTitle = merged.LastPageTitle ?? survivor.LastPageTitle;
        }
    }

    /// <summary>
    /// Moves the merged contact's conversations, notes and tokens, and its stand-in user's place in threads, to the survivor.
    /// Returns the moved conversations and the number of messages re-attributed.
    /// </summary>
    public static async Task<(IReadOnlyList<long> Threads, int Messages, int Notes, int Tokens)> MoveAsync(
        ChatDbContext db, Contact survivor, Contact merged, string survivorName, CancellationToken ct)
    {
        var (to, from) = (survivor.UserId, merged.UserId);
        var threads = await db.Threads.Where(t => t.ContactId == merged.Id).Select(t => t.Id).ToListAsync(ct);
        await db.Threads.Where(t => t.ContactId == merged.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, survivor.Id), ct);
        await db.Threads.Where(t => t.CreatedById == from).ExecuteUpdateAsync(s => s.SetProperty(t => t.CreatedById, to), ct);
        var joined = await db.Participants.Where(p => p.UserId == from).Select(p => p.ThreadId).ToListAsync(ct);

        // Where both users take part, the survivor's row stays; elsewhere the merged user's row becomes the survivor's.
        await db.Participants.Where(p => p.UserId == from && db.Participants.Any(q => q.ThreadId == p.ThreadId && q.UserId == to)).ExecuteDeleteAsync(ct);
        await db.Participants.Where(p => p.UserId == from).ExecuteUpdateAsync(s => s.SetProperty(p => p.UserId, to), ct);

        // Read cursors: where both have one, the survivor's goes as far as either had read.
        var cursors = await db.ReadCursors.Where(r => r.UserId == from).ToListAsync(ct);
        var ids = cursors.Select(c => c.ThreadId).ToList();
        var theirs = await db.ReadCursors.Where(r => r.UserId == to && ids.Contains(r.ThreadId)).ToDictionaryAsync(r => r.ThreadId, ct);
        foreach (var cursor in cursors.Where(c => theirs.ContainsKey(c.ThreadId)))
        {
            var kept = theirs[cursor.ThreadId];
            kept.LastReadMessageId = Math.Max(kept.LastReadMessageId, cursor.LastReadMessageId);
            kept.UpdatedAt = cursor.UpdatedAt > kept.UpdatedAt ? cursor.UpdatedAt : kept.UpdatedAt;
            db.ReadCursors.Remove(cursor);
        }
        await db.SaveChangesAsync(ct);
        await db.ReadCursors.Where(r => r.UserId == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserId, to), ct);

        await db.Reactions.Where(r => r.UserId == from && db.Reactions.Any(o => o.MessageId == r.MessageId && o.UserId == to && o.Emoji == r.Emoji))
            .ExecuteDeleteAsync(ct);
        await db.Reactions.Where(r => r.UserId == from).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserId, to), ct);

        // A retry key is unique per sender and thread: a key both users used in one thread is dropped from the moved message
        // (its retry window is long past), so the move cannot collide.
        await db.Messages.Where(m => m.SenderId == from && m.ClientKey != null
                                     && db.Messages.Any(o => o.SenderId == to && o.ThreadId == m.ThreadId && o.ClientKey == m.ClientKey))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClientKey, (string?)null), ct);
        var messages = await db.Messages.Where(m => m.SenderId == from).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SenderId, to)
            .SetProperty(m => m.SenderName, survivorName)
            .SetProperty(m => m.Version, m => m.Version + 1), ct);

        var notes = await db.ContactNotes.Where(n => n.ContactId == merged.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.ContactId, survivor.Id), ct);
        var tokens = await db.VisitorTokens.Where(t => t.ContactId == merged.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ContactId, survivor.Id), ct);
        // Contacts merged into this one earlier now point at the survivor directly.
        await db.Contacts.Where(c => c.MergedIntoId == merged.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, survivor.Id), ct);
        return ([.. threads.Union(joined)], messages, notes, tokens);
    }

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
