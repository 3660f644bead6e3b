using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Messages;

namespace QanDu.Dashboard.Features.Analysis;

/// <summary>
/// Whose messages show their analysis: a customer's (a contact's stand-in user) and anyone else without a role; not
/// staff's (someone with a role), whose intent nobody needs. Every message is still analysed: reports read all of them.
/// </summary>
public sealed class AnalysisAudience(IDbContextFactory<ChatDbContext> dbFactory)
{
    /// <summary>The ones among <paramref name="userIds"/> who have a role.</summary>
    public async Task<IReadOnlySet<string>> StaffAmongAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0)
            return new HashSet<string>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.UserRoles.AsNoTracking().Where(ur => userIds.Contains(ur.UserId)).Select(ur => ur.UserId).Distinct().ToListAsync(ct);
        return staff.ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>One open thread's senders, sorted into staff and not as their messages load (a sender is looked up once).</summary>
public sealed class AnalysisSenders
{
    private readonly HashSet<string> staff = new(StringComparer.Ordinal), others = new(StringComparer.Ordinal);

    /// <summary>Senders of people's messages not sorted yet.</summary>
    public IReadOnlyList<string> Unknown(IEnumerable<MessageView> messages) =>
        [.. messages.Where(m => m.SenderType == SenderType.User).Select(m => m.SenderId).OfType<string>()
            .Where(id => !staff.Contains(id) && !others.Contains(id)).Distinct()];

    public void Read(IReadOnlyList<string> senders, IReadOnlySet<string> staffAmongThem)
    {
        foreach (var sender in senders)
            (staffAmongThem.Contains(sender) ? staff : others).Add(sender);
    }

    /// <summary>Whether <paramref name="message"/> shows its analysis chips: a person's message whose sender is known not to be staff.</summary>
    public bool Shows(MessageView message) => message is { SenderType: SenderType.User, SenderId: { } id } && others.Contains(id);
}
