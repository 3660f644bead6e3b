using Microsoft.AspNetCore.Identity;
using QanDu.Dashboard.Data;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;

namespace QanDu.Dashboard.Features.People;

/// <summary>
/// One change to people, in one transaction: Identity's user manager and the staged rows (links, threads, audit) share
/// the same context, so everything commits together or not at all. What must follow the commit (events, ending API key
/// sign-ins, email) is queued in <see cref="Unit.AfterCommit"/>.
/// </summary>
internal static class PeopleWork
{
    public static async Task<T> RunAsync<T>(IServiceScopeFactory scopes, DateTime now, Func<Unit, Task<T>> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        // Microsoft.Data.Sqlite begins IMMEDIATE: the checks (the last admin) and the writes see one state.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var unit = new Unit(db, users, now);
        var result = await change(unit);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        foreach (var action in unit.AfterCommit)
            action();
        return result;
    }

    public sealed class Unit(ChatDbContext db, UserManager<AppUser> users, DateTime now)
    {
        public ChatDbContext Db { get; } = db;
        public UserManager<AppUser> Users { get; } = users;
        public DateTime Now { get; } = now;
        public List<Action> AfterCommit { get; } = [];

        public async Task<AppUser> RequireStaffAsync(string userId)
        {
            var user = await Users.FindByIdAsync(userId);
            if (user is null || !(await Users.GetRolesAsync(user)).Any(Roles.All.Contains))
                throw new ChatNotFoundException($"Person {userId}");
            return user;
        }

        /// <summary>Throws a validation error for a refused Identity operation, so the transaction rolls back.</summary>
        public static void Check(IdentityResult result, string field)
        {
            if (!result.Succeeded)
                throw new ChatValidationException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
