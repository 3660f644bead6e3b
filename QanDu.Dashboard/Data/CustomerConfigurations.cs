using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QanDu.Dashboard.Data.Entities;

namespace QanDu.Dashboard.Data;

/// <summary>Stores a value as JSON text, compared by its JSON (for lists and dictionaries kept in one column).</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) where T : class, new() =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => string.IsNullOrEmpty(v) ? new T() : JsonSerializer.Deserialize<T>(v, Json) ?? new T(),
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                    v => JsonSerializer.Serialize(v, Json).GetHashCode(),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!))
            .IsRequired();
}

internal sealed class WebsiteChannelConfiguration : IEntityTypeConfiguration<WebsiteChannel>
{
    public void Configure(EntityTypeBuilder<WebsiteChannel> e)
    {
        e.ToTable("Channels");
        e.Property(c => c.Name).HasMaxLength(80).UseCollation("NOCASE");
        e.HasIndex(c => c.Name).IsUnique();
        e.Property(c => c.WebsiteToken).HasMaxLength(40);
        e.HasIndex(c => c.WebsiteToken).IsUnique();
        e.Property(c => c.AllowedOrigins).AsJson();
        e.Property(c => c.BusinessHours).AsJson();
        e.Property(c => c.Greeting).HasMaxLength(500);
        e.Property(c => c.Color).HasMaxLength(9);
        e.Property(c => c.Position).HasConversion<string>().HasMaxLength(10);
        e.Property(c => c.TimeZone).HasMaxLength(64);
        e.Property(c => c.AwayMessage).HasMaxLength(500);
        e.Property(c => c.ExpectedReplyTime).HasMaxLength(100);
        e.Property(c => c.OutsideHours).HasConversion<string>().HasMaxLength(20);
        e.Property(c => c.PreChatName).HasConversion<string>().HasMaxLength(10);
        e.Property(c => c.PreChatEmail).HasConversion<string>().HasMaxLength(10);
        e.Property(c => c.Verification).HasConversion<string>().HasMaxLength(10);
        e.Property(c => c.IdentitySecret).HasMaxLength(100);
        e.Property(c => c.ReopenWindowHours).HasDefaultValue(24);
        e.Property(c => c.AssistantHandOffThreshold).HasDefaultValue(0.5);
        e.Property(c => c.LastAssignedUserId).HasMaxLength(64);
        e.HasOne(c => c.Team).WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> e)
    {
        e.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => c.UserId).IsUnique();
        e.HasOne<WebsiteChannel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Contact>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.SetNull);
        e.Property(c => c.Name).HasMaxLength(100);
        e.Property(c => c.Email).HasMaxLength(256).UseCollation("NOCASE");
        e.Property(c => c.Phone).HasMaxLength(40);
        e.Property(c => c.Identifier).HasMaxLength(128);
        e.Property(c => c.Company).HasMaxLength(100);
        e.Property(c => c.Attributes).AsJson();
        e.Property(c => c.Browser).HasMaxLength(60);
        e.Property(c => c.Os).HasMaxLength(60);
        e.Property(c => c.LastPageUrl).HasMaxLength(2048);
        e.Property(c => c.LastPageTitle).HasMaxLength(200);
        e.HasIndex(c => new { c.ChannelId, c.Identifier }).IsUnique().HasFilter("Identifier IS NOT NULL AND MergedIntoId IS NULL");
        e.HasIndex(c => c.Email);
        e.HasIndex(c => c.LastSeenAt);
    }
}

internal sealed class ContactNoteConfiguration : IEntityTypeConfiguration<ContactNote>
{
    public void Configure(EntityTypeBuilder<ContactNote> e)
    {
        e.HasOne<Contact>().WithMany().HasForeignKey(n => n.ContactId).OnDelete(DeleteBehavior.Cascade);
        e.Property(n => n.AuthorId).HasMaxLength(64);
        e.Property(n => n.AuthorName).HasMaxLength(100);
        e.HasIndex(n => new { n.ContactId, n.CreatedAt });
    }
}

internal sealed class VisitorTokenConfiguration : IEntityTypeConfiguration<VisitorToken>
{
    public void Configure(EntityTypeBuilder<VisitorToken> e)
    {
        e.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<WebsiteChannel>().WithMany().HasForeignKey(t => t.ChannelId).OnDelete(DeleteBehavior.Cascade);
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.ContactId);
    }
}

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> e)
    {
        e.Property(c => c.ShortCode).HasMaxLength(40).UseCollation("NOCASE");
        e.Property(c => c.Title).HasMaxLength(100);
        e.Property(c => c.OwnerId).HasMaxLength(64);
        e.Property(c => c.CreatedById).HasMaxLength(64);
        e.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // Shared codes are unique among shared ones (SQLite treats NULLs as distinct, hence the filtered index).
        e.HasIndex(c => new { c.OwnerId, c.ShortCode }).IsUnique().HasFilter("OwnerId IS NOT NULL");
        e.HasIndex(c => c.ShortCode).IsUnique().HasFilter("OwnerId IS NULL");
    }
}
