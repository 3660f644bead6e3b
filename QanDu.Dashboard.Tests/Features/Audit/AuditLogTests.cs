using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QanDu.Dashboard.Features.Access;
using QanDu.Dashboard.Features.Audit;
using QanDu.Dashboard.Tests.Infrastructure;

namespace QanDu.Dashboard.Tests.Features.Audit;

/// <summary>The audit log keeps who, when, from where and what changed, and cannot be changed afterwards.</summary>
public sealed class AuditLogTests : IClassFixture<DashboardFactory>
{
    private readonly DashboardFactory _app;

    public AuditLogTests(DashboardFactory app) => _app = app;

    [Fact]
    public async Task RecordAsync_PersonChangesSomething_StoresActorAddressAndChangedValues()
    {
        var admin = await _app.CreateUserAsync("Audit Admin", Roles.Admin);
        var log = _app.Services.GetRequiredService<AuditLog>();

        await log.RecordAsync(AuditActor.From(admin, IPAddress.Parse("127.0.0.7")),
            new AuditRecord("user.role_changed", "user", "u-42", "Sam Agent", new { role = "Agent" }, new { role = "Supervisor" }));

        var entry = await _app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(e => e.TargetId == "u-42"));
        entry.ActorId.Should().Be(admin.UserId);
        entry.ActorName.Should().Be("Audit Admin");
        entry.Address.Should().Be("127.0.0.7");
        entry.Action.Should().Be("user.role_changed");
        entry.Before.Should().Be("""{"role":"Agent"}""");
        entry.After.Should().Be("""{"role":"Supervisor"}""");
        entry.At.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Database_UpdateOrDeleteOfAnEntry_Refused()
    {
        var log = _app.Services.GetRequiredService<AuditLog>();
        await log.RecordAsync(AuditActor.CommandLine, new AuditRecord("user.created", "user", "u-append", "Kept"));

        var update = () => _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE AuditLog SET ActorName = 'Someone else' WHERE TargetId = 'u-append'"));
        var delete = () => _app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditLog WHERE TargetId = 'u-append'"));

        (await update.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>()).WithMessage("*append-only*");
        (await delete.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>()).WithMessage("*append-only*");
        var entry = await _app.QueryAsync(db => db.AuditLog.AsNoTracking().SingleAsync(e => e.TargetId == "u-append"));
        entry.ActorName.Should().Be("Command line");
    }
}
