using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Data;

internal sealed class ConversationActivityConfiguration : IEntityTypeConfiguration<ConversationActivity>
{
    public void Configure(EntityTypeBuilder<ConversationActivity> e)
    {
        e.ToTable("ConversationActivity");
        e.HasOne(a => a.Thread).WithMany().HasForeignKey(a => a.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.Property(a => a.UserId).HasMaxLength(64);
        e.Property(a => a.Detail).HasMaxLength(40);
        e.Property(a => a.Sentiment).HasMaxLength(16);
        e.Property(a => a.Intent).HasMaxLength(40);
        // Reports read a kind over a date range; the SLA clock and the board read one conversation's facts in order.
        e.HasIndex(a => new { a.Kind, a.At });
        e.HasIndex(a => new { a.ThreadId, a.At });
        e.HasIndex(a => a.MessageId);
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> e)
    {
        e.ToTable("SlaPolicies");
        e.Property(p => p.Name).HasMaxLength(80).UseCollation("NOCASE");
        e.HasIndex(p => p.Name).IsUnique();
        e.HasOne<Label>().WithMany().HasForeignKey(p => p.LabelId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<WebsiteChannel>().WithMany().HasForeignKey(p => p.ChannelId).OnDelete(DeleteBehavior.Cascade);
        e.Property(p => p.Enabled).HasDefaultValue(true);
    }
}

internal sealed class PresenceChangeConfiguration : IEntityTypeConfiguration<PresenceChange>
{
    public void Configure(EntityTypeBuilder<PresenceChange> e)
    {
        e.ToTable("PresenceChanges");
        e.Property(p => p.UserId).HasMaxLength(64);
        e.HasIndex(p => new { p.UserId, p.At });
        e.HasIndex(p => p.At);
    }
}
