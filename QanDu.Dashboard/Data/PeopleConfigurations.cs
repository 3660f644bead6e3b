using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Data;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.Property(u => u.AvatarColor).HasMaxLength(9);
        e.Property(u => u.AvatarFile).HasMaxLength(200);
        e.Property(u => u.Language).HasMaxLength(35).HasDefaultValue("en");
        e.Property(u => u.TimeZone).HasMaxLength(64);
    }
}

internal sealed class OneTimeLinkConfiguration : IEntityTypeConfiguration<OneTimeLink>
{
    public void Configure(EntityTypeBuilder<OneTimeLink> e)
    {
        e.HasOne(l => l.User).WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        e.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(20);
        e.Property(l => l.TokenHash).HasMaxLength(64);
        e.HasIndex(l => l.TokenHash).IsUnique();
        e.HasIndex(l => new { l.UserId, l.Purpose });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("AuditLog");
        // No foreign key to the person: the entry outlives whoever it names, and keeps the name they had.
        e.Property(a => a.ActorId).HasMaxLength(64);
        e.Property(a => a.ActorName).HasMaxLength(200);
        e.Property(a => a.Address).HasMaxLength(64);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.TargetType).HasMaxLength(40);
        e.Property(a => a.TargetId).HasMaxLength(64);
        e.Property(a => a.TargetName).HasMaxLength(200);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.ActorId, a.At });
        e.HasIndex(a => new { a.Action, a.At });
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> e)
    {
        e.Property(t => t.Name).HasMaxLength(60).UseCollation("NOCASE");
        e.Property(t => t.Description).HasMaxLength(300);
        e.HasIndex(t => t.Name).IsUnique();
        e.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> e)
    {
        e.HasKey(m => new { m.TeamId, m.UserId });
        e.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(m => m.UserId);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> e)
    {
        e.Property(s => s.Id).HasMaxLength(36);
        e.Property(s => s.Address).HasMaxLength(64);
        e.Property(s => s.UserAgent).HasMaxLength(300);
        e.Property(s => s.Method).HasMaxLength(30);
        e.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.UserId, s.RevokedAt });
    }
}

internal sealed class SecuritySettingsRecordConfiguration : IEntityTypeConfiguration<SecuritySettingsRecord>
{
    public void Configure(EntityTypeBuilder<SecuritySettingsRecord> e)
    {
        e.ToTable("SecuritySettings");
        e.Property(s => s.Id).ValueGeneratedNever();
        e.Property(s => s.TwoFactor).HasConversion<string>().HasMaxLength(20);
    }
}
