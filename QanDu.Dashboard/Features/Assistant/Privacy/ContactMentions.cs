using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;

namespace QanDu.Dashboard.Features.Assistant.Privacy;

/// <summary>
/// The customers a text may name: contacts whose name or company shares a capitalised word with it (found through the
/// contact search index), so a third customer mentioned in an answer or an internal article is scrubbed as well as the
/// one the answer was written to.
/// </summary>
public sealed partial class ContactMentions(IDbContextFactory<ChatDbContext> dbFactory)
{
    private const int MaxWords = 40;
    private const int MaxContacts = 50;

    /// <param name="text">The text about to be offered.</param>
    /// <param name="exceptContactId">The customer the text is for: their own details are no leak.</param>
    /// <param name="ct">Cancels the lookup.</param>
    public async Task<IReadOnlyList<CustomerIdentity>> InAsync(string text, long? exceptContactId, CancellationToken ct)
    {
        var words = CapitalisedWord().Matches(text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxWords).ToList();
        if (words.Count == 0)
            return [];
        // Every word is a quoted FTS5 string (double quotes doubled), passed as a parameter: nothing in the text is syntax.
        var match = "{Name Company} : (" + string.Join(" OR ", words.Select(w => "\"" + w.Replace("\"", "\"\"") + "\"")) + ")";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.Database.SqlQueryRaw<long>("SELECT rowid AS Value FROM ContactSearch WHERE ContactSearch MATCH {0}", match)
            .Take(MaxContacts).ToListAsync(ct);
        if (exceptContactId is { } except)
            ids.Remove(except);
        if (ids.Count == 0)
            return [];
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        return [.. contacts.Select(c => CustomerIdentity.From(c))];
    }

    [GeneratedRegex(@"\b\p{Lu}[\p{L}'’-]{2,}")]
    private static partial Regex CapitalisedWord();
}
