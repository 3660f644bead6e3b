using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Data;

internal sealed class ChatThreadConfiguration : IEntityTypeConfiguration<ChatThread>
{
    public void Configure(EntityTypeBuilder<ChatThread> e)
    {
        e.ToTable("Threads");
        e.Property(t => t.Title).HasMaxLength(200);
        e.Property(t => t.LastMessagePreview).HasMaxLength(200);
        e.HasOne(t => t.Assignee).WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne(t => t.Team).WithMany().HasForeignKey(t => t.TeamId).OnDelete(DeleteBehavior.SetNull);
        e.HasMany(t => t.Participants).WithOne().HasForeignKey(p => p.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(t => t.Labels).WithOne().HasForeignKey(l => l.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => new { t.Status, t.UpdatedAt });
        e.HasOne<WebsiteChannel>().WithMany().HasForeignKey(t => t.ChannelId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<ChatThread>().WithMany().HasForeignKey(t => t.PreviousThreadId).OnDelete(DeleteBehavior.SetNull);
        e.Property(t => t.RatingComment).HasMaxLength(1000);
        e.HasIndex(t => new { t.ContactId, t.UpdatedAt });
        e.HasIndex(t => new { t.Status, t.SnoozedUntil });
    }
}

internal sealed class ThreadParticipantConfiguration : IEntityTypeConfiguration<ThreadParticipant>
{
    public void Configure(EntityTypeBuilder<ThreadParticipant> e)
    {
        e.HasKey(p => new { p.ThreadId, p.UserId });
        e.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(p => p.UserId);
    }
}

internal sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> e)
    {
        e.Property(l => l.Name).HasMaxLength(60);
        e.Property(l => l.Color).HasMaxLength(9);
        e.HasIndex(l => l.Name).IsUnique();
    }
}

internal sealed class ThreadLabelConfiguration : IEntityTypeConfiguration<ThreadLabel>
{
    public void Configure(EntityTypeBuilder<ThreadLabel> e)
    {
        e.HasKey(l => new { l.ThreadId, l.LabelId });
        e.HasOne(l => l.Label).WithMany().HasForeignKey(l => l.LabelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Message> e)
    {
        e.HasOne(m => m.Thread).WithMany().HasForeignKey(m => m.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Message>().WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.SetNull);
        e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.Property(m => m.SenderName).HasMaxLength(100);
        e.Property(m => m.ClientKey).HasMaxLength(100);
        // Cursor paging walks (ThreadId, Id); idempotency is enforced by the database, not by hope.
        e.HasIndex(m => new { m.ThreadId, m.Id });
        e.HasIndex(m => new { m.ClientKey, m.ThreadId, m.SenderId }).IsUnique().HasFilter("ClientKey IS NOT NULL");
        // Edits, analysis and the assistant's reply store each write parts of a message: an update that read an older
        // version is refused (and retried on a fresh copy), never saved over a newer one.
        e.Property(m => m.Version).IsConcurrencyToken().HasDefaultValue(0L);
        e.Property(m => m.Metadata).HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, Json),
                v => v == null ? null : JsonSerializer.Deserialize<MessageMetadata>(v, Json),
                new ValueComparer<MessageMetadata?>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    v => v == null ? 0 : JsonSerializer.Serialize(v, Json).GetHashCode(),
                    v => v == null ? null : JsonSerializer.Deserialize<MessageMetadata>(JsonSerializer.Serialize(v, Json), Json)));
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> e)
    {
        e.Property(a => a.Name).HasMaxLength(255);
        e.Property(a => a.MimeType).HasMaxLength(100);
        e.Property(a => a.StoredName).HasMaxLength(100);
        // A stored file belongs to one attachment: two posts that raced to attach one upload cannot both commit it.
        e.HasIndex(a => a.StoredName).IsUnique();
    }
}

internal sealed class MessageEditConfiguration : IEntityTypeConfiguration<MessageEdit>
{
    public void Configure(EntityTypeBuilder<MessageEdit> e)
    {
        e.HasOne<Message>().WithMany().HasForeignKey(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.MessageId);
    }
}

internal sealed class ReactionConfiguration : IEntityTypeConfiguration<Reaction>
{
    public void Configure(EntityTypeBuilder<Reaction> e)
    {
        e.HasKey(r => new { r.MessageId, r.UserId, r.Emoji });
        e.Property(r => r.Emoji).HasMaxLength(64);
        e.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReadCursorConfiguration : IEntityTypeConfiguration<ReadCursor>
{
    public void Configure(EntityTypeBuilder<ReadCursor> e)
    {
        e.HasKey(r => new { r.ThreadId, r.UserId });
        e.HasOne<ChatThread>().WithMany().HasForeignKey(r => r.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => r.UserId);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.Property(k => k.Name).HasMaxLength(100);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.HasIndex(k => k.Hash).IsUnique();
        e.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class KnowledgeArticleConfiguration : IEntityTypeConfiguration<KnowledgeArticle>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticle> e)
    {
        e.ToTable("KnowledgeArticles");
        e.Property(a => a.Title).HasMaxLength(200);
        e.Property(a => a.Body).HasMaxLength(50_000);
        e.Property(a => a.Language).HasMaxLength(8);
        e.Property(a => a.Tags).HasMaxLength(500);
        e.Property(a => a.Version).IsConcurrencyToken();
        e.HasOne<AppUser>().WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UpdatedById).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Message>().WithMany().HasForeignKey(a => a.SourceMessageId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(a => new { a.Status, a.UpdatedAt });
    }
}

internal sealed class AiSuggestionConfiguration : IEntityTypeConfiguration<AiSuggestion>
{
    public void Configure(EntityTypeBuilder<AiSuggestion> e)
    {
        e.Property(s => s.Text).HasMaxLength(16_000);
        e.Property(s => s.Model).HasMaxLength(200);
        e.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(20);
        e.HasOne<ChatThread>().WithMany().HasForeignKey(s => s.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(s => s.ForMessageId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.ThreadId, s.ForMessageId, s.UserId });
        e.HasIndex(s => new { s.Outcome, s.CreatedAt });
    }
}

internal sealed class AiFeedbackConfiguration : IEntityTypeConfiguration<AiFeedback>
{
    public void Configure(EntityTypeBuilder<AiFeedback> e)
    {
        e.HasKey(f => new { f.MessageId, f.UserId });
        e.Property(f => f.Comment).HasMaxLength(2_000);
        e.HasOne<Message>().WithMany().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssistantSettingsRecordConfiguration : IEntityTypeConfiguration<AssistantSettingsRecord>
{
    public void Configure(EntityTypeBuilder<AssistantSettingsRecord> e)
    {
        e.ToTable("AssistantSettings");
        e.Property(s => s.Id).ValueGeneratedNever();
        e.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class IntentCorrectionConfiguration : IEntityTypeConfiguration<IntentCorrection>
{
    public void Configure(EntityTypeBuilder<IntentCorrection> e)
    {
        e.Property(c => c.Intent).HasMaxLength(40);
        e.Property(c => c.PreviousIntent).HasMaxLength(40);
        e.HasOne<Message>().WithMany().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => c.MessageId);
    }
}

internal sealed class ToolApprovalConfiguration : IEntityTypeConfiguration<ToolApproval>
{
    public void Configure(EntityTypeBuilder<ToolApproval> e)
    {
        e.Property(a => a.ToolName).HasMaxLength(100);
        e.Property(a => a.CallId).HasMaxLength(200);
        e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        e.HasOne<ChatThread>().WithMany().HasForeignKey(a => a.ThreadId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Message>().WithMany().HasForeignKey(a => a.AiMessageId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(a => new { a.ThreadId, a.Status });
    }
}
