using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Data;

internal sealed class BackupRecordConfiguration : IEntityTypeConfiguration<BackupRecord>
{
    public void Configure(EntityTypeBuilder<BackupRecord> e)
    {
        e.ToTable("BackupRecords");
        e.Property(b => b.Path).HasMaxLength(1024);
        e.Property(b => b.Error).HasMaxLength(2000);
        e.Property(b => b.StartedById).HasMaxLength(64);
        e.HasIndex(b => b.StartedAt);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> e)
    {
        e.ToTable("WebhookSubscriptions");
        e.Property(s => s.Url).HasMaxLength(2048);
        e.Property(s => s.Events).AsJson();
        e.Property(s => s.Secret).HasMaxLength(200);
        e.Property(s => s.PauseReason).HasMaxLength(500);
        e.Property(s => s.CreatedById).HasMaxLength(64);
        e.Property(s => s.Enabled).HasDefaultValue(true);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> e)
    {
        e.ToTable("WebhookDeliveries");
        e.HasOne(d => d.Subscription).WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        e.Property(d => d.Event).HasMaxLength(64);
        e.Property(d => d.LastError).HasMaxLength(1000);
        e.HasIndex(d => d.DeliveryId);
        // The sender picks what is due; the log lists one subscription's deliveries newest first.
        e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        e.HasIndex(d => new { d.SubscriptionId, d.Id });
    }
}

internal sealed class WebhookAllowedHostConfiguration : IEntityTypeConfiguration<WebhookAllowedHost>
{
    public void Configure(EntityTypeBuilder<WebhookAllowedHost> e)
    {
        e.ToTable("WebhookAllowedHosts");
        e.Property(h => h.Host).HasMaxLength(255).UseCollation("NOCASE");
        e.HasIndex(h => h.Host).IsUnique();
        e.Property(h => h.CreatedById).HasMaxLength(64);
    }
}

internal sealed class RetentionSettingsConfiguration : IEntityTypeConfiguration<RetentionSettings>
{
    public void Configure(EntityTypeBuilder<RetentionSettings> e)
    {
        e.ToTable("RetentionSettings");
        e.Property(r => r.Id).ValueGeneratedNever();
        e.Property(r => r.UpdatedById).HasMaxLength(64);
    }
}

internal sealed class SlaTargetRecordConfiguration : IEntityTypeConfiguration<SlaTargetRecord>
{
    public void Configure(EntityTypeBuilder<SlaTargetRecord> e)
    {
        e.ToTable("SlaTargets");
        e.HasOne<ChatThread>().WithMany().HasForeignKey(t => t.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.Property(t => t.AgentId).HasMaxLength(64);
        // The report reads the targets that fall due in a range; a conversation's targets are replaced together.
        e.HasIndex(t => t.DueAt);
        e.HasIndex(t => t.ThreadId);
    }
}

internal sealed class RollupCheckpointConfiguration : IEntityTypeConfiguration<RollupCheckpoint>
{
    public void Configure(EntityTypeBuilder<RollupCheckpoint> e)
    {
        e.ToTable("RollupCheckpoints");
        e.HasKey(c => c.Name);
        e.Property(c => c.Name).HasMaxLength(64);
    }
}
