using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using QanDu.Dashboard.Data.Entities;
using QanDu.Dashboard.Features.Account.Pages;
using QanDu.Dashboard.Features.AiSettings;

namespace QanDu.Dashboard.Data;

public sealed class ChatDbContext(DbContextOptions<ChatDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<ChatThread> Threads => Set<ChatThread>();
    public DbSet<ThreadParticipant> Participants => Set<ThreadParticipant>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<MessageEdit> MessageEdits => Set<MessageEdit>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<ReadCursor> ReadCursors => Set<ReadCursor>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<ThreadLabel> ThreadLabels => Set<ThreadLabel>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<KnowledgeArticle> KnowledgeArticles => Set<KnowledgeArticle>();
    public DbSet<AiSuggestion> AiSuggestions => Set<AiSuggestion>();
    public DbSet<AiFeedback> AiFeedback => Set<AiFeedback>();
    public DbSet<AssistantSettingsRecord> AssistantSettings => Set<AssistantSettingsRecord>();
    public DbSet<IntentCorrection> IntentCorrections => Set<IntentCorrection>();
    public DbSet<ToolApproval> ToolApprovals => Set<ToolApproval>();
    public DbSet<OneTimeLink> OneTimeLinks => Set<OneTimeLink>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<SecuritySettingsRecord> SecuritySettings => Set<SecuritySettingsRecord>();
    public DbSet<WebsiteChannel> Channels => Set<WebsiteChannel>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactNote> ContactNotes => Set<ContactNote>();
    public DbSet<VisitorToken> VisitorTokens => Set<VisitorToken>();
    public DbSet<CannedResponse> CannedResponses => Set<CannedResponse>();
    public DbSet<ConversationActivity> ConversationActivity => Set<ConversationActivity>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<PresenceChange> PresenceChanges => Set<PresenceChange>();
    public DbSet<BackupRecord> BackupRecords => Set<BackupRecord>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAllowedHost> WebhookAllowedHosts => Set<WebhookAllowedHost>();
    public DbSet<RetentionSettings> RetentionSettings => Set<RetentionSettings>();
    public DbSet<SlaTargetRecord> SlaTargets => Set<SlaTargetRecord>();
    public DbSet<RollupCheckpoint> RollupCheckpoints => Set<RollupCheckpoint>();
    public DbSet<HealthProbe> HealthProbes => Set<HealthProbe>();


    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every DateTime is stored and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
    }
}
