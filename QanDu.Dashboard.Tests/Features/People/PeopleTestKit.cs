using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Account;
using QanDu.Dashboard.Features.People;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.People;

/// <summary>What the people tests share: the services, an admin caller, unique emails, and the token out of a link.</summary>
internal static class PeopleTestKit
{
    public static readonly Uri AppUri = new("http://127.0.0.1:5080/");

    public const string GoodPassword = "Welcome2Team";

    public static PeopleService People(this DashboardFactory app) => app.Services.GetRequiredService<PeopleService>();

    public static PeopleDirectory Directory(this DashboardFactory app) => app.Services.GetRequiredService<PeopleDirectory>();

    public static AccountLinks Links(this DashboardFactory app) => app.Services.GetRequiredService<AccountLinks>();

    public static string UniqueEmail(string name) => $"{name}.{Guid.NewGuid():N}"[..(name.Length + 9)] + "@example.com";

    public static string TokenOf(string url) => url[(url.LastIndexOf('/') + 1)..];

    public static async Task<Invitation> InviteAsync(this DashboardFactory app, ChatCaller admin, string role, string name = "New Person") =>
        await app.People().InviteAsync(admin, new InviteRequest(UniqueEmail(name.Split(' ')[0].ToLowerInvariant()), name, role), AppUri);

    /// <summary>An invited person who accepted: they have a password.</summary>
    public static async Task<PersonView> ActivePersonAsync(this DashboardFactory app, ChatCaller admin, string role, string name)
    {
        var invitation = await app.InviteAsync(admin, role, name);
        await app.Links().UseAsync(TokenOf(invitation.Link.Url), OneTimeLinkPurpose.Invitation, GoodPassword, null);
        return await app.Directory().GetAsync(admin, invitation.Person.Id);
    }

    public static async Task<HttpClient> ClientWithKeyAsync(this DashboardFactory app, string userId)
    {
        var key = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(userId, "tests");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        return client;
    }

    public static async Task<bool> HasPasswordAsync(this DashboardFactory app, string userId, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        return user is not null && await users.CheckPasswordAsync(user, password);
    }

    public static Task<List<AuditEntry>> AuditOfAsync(this DashboardFactory app, string userId) =>
        app.QueryAsync(db => db.AuditLog.AsNoTracking().Where(e => e.TargetId == userId).OrderBy(e => e.Id).ToListAsync());
}
