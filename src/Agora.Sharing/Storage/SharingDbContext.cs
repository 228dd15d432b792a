using Agora.Sharing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Sharing.Storage;

/// <summary>
/// Requests, grants, notifications and gateway services. The catalog's tables live in the same database but belong to
/// the catalog's context, so datasets, organizations and users are referred to by id, without foreign keys.
/// </summary>
public abstract class SharingDbContext(DbContextOptions options) : DbContext(options)
{
    public const string HistoryTable = "__sharing_migrations";

    public DbSet<AccessRequest> Requests => Set<AccessRequest>();
    public DbSet<RequestEvent> RequestEvents => Set<RequestEvent>();
    public DbSet<RequestAttachment> Attachments => Set<RequestAttachment>();
    public DbSet<Grant> Grants => Set<Grant>();
    public DbSet<GrantUsage> GrantUsage => Set<GrantUsage>();
    public DbSet<DataUseAgreement> Agreements => Set<DataUseAgreement>();
    public DbSet<AgreementAcceptance> AgreementAcceptances => Set<AgreementAcceptance>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ApiService> ApiServices => Set<ApiService>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccessRequest>(e =>
        {
            e.ToTable("sharing_requests");
            e.HasIndex(r => new { r.ProviderOrganizationId, r.State });
            e.HasIndex(r => r.ConsumerOrganizationId);
            e.HasIndex(r => r.RequesterUserId);
            e.HasIndex(r => r.DatasetId);
            e.HasIndex(r => new { r.State, r.DueAt });
            e.Property(r => r.Purpose).HasMaxLength(4000);
            e.Property(r => r.LegalBasis).HasMaxLength(2000);
            e.Property(r => r.RowScope).HasMaxLength(4000);
            e.Property(r => r.InfoQuestion).HasMaxLength(4000);
            e.Property(r => r.InfoAnswer).HasMaxLength(4000);
            e.Property(r => r.DecisionReason).HasMaxLength(4000);
            e.Property(r => r.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<RequestEvent>(e =>
        {
            e.ToTable("sharing_request_events");
            e.HasIndex(x => new { x.RequestId, x.At });
            e.Property(x => x.Action).HasMaxLength(60);
            e.Property(x => x.Message).HasMaxLength(4000);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RequestAttachment>(e =>
        {
            e.ToTable("sharing_attachments");
            e.HasIndex(a => a.RequestId);
            e.Property(a => a.Name).HasMaxLength(255);
            e.Property(a => a.MediaType).HasMaxLength(100);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Grant>(e =>
        {
            e.ToTable("sharing_grants");
            e.HasIndex(g => new { g.DatasetId, g.ConsumerOrganizationId });
            e.HasIndex(g => new { g.DatasetId, g.ConsumerUserId });
            e.HasIndex(g => g.OwnerOrganizationId);
            e.HasIndex(g => g.ConsumerOrganizationId);
            e.HasIndex(g => g.RequestId).IsUnique();
            e.Property(g => g.RowFilter).HasMaxLength(4000);
            e.Property(g => g.Purpose).HasMaxLength(4000);
            e.Property(g => g.RevokeReason).HasMaxLength(4000);
        });

        modelBuilder.Entity<GrantUsage>(e =>
        {
            e.ToTable("sharing_grant_usage");
            e.HasKey(u => new { u.GrantId, u.Day });
            e.HasOne<Grant>().WithMany().HasForeignKey(u => u.GrantId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DataUseAgreement>(e =>
        {
            e.ToTable("sharing_agreements");
            e.HasIndex(a => new { a.DatasetId, a.Number }).IsUnique();
            e.Property(a => a.Text).HasMaxLength(100_000);
        });

        modelBuilder.Entity<AgreementAcceptance>(e =>
        {
            e.ToTable("sharing_agreement_acceptances");
            e.HasIndex(a => new { a.DatasetId, a.UserId });
            e.Property(a => a.Version).HasMaxLength(40);
            e.Property(a => a.TextSha256).HasMaxLength(64);
        });

        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("sharing_inbox");
            e.HasIndex(m => new { m.UserId, m.Created });
            e.HasIndex(m => new { m.OrganizationId, m.Created });
            e.HasIndex(m => new { m.ForBureau, m.Created });
            e.Property(m => m.Kind).HasMaxLength(60);
            e.Property(m => m.TitleZh).HasMaxLength(500);
            e.Property(m => m.TitleEn).HasMaxLength(1000);
        });

        modelBuilder.Entity<Webhook>(e =>
        {
            e.ToTable("sharing_webhooks");
            e.HasIndex(w => w.OrganizationId);
            e.Property(w => w.Url).HasMaxLength(2000);
            e.Property(w => w.Description).HasMaxLength(300);
            e.Property(w => w.ProtectedSecret).HasMaxLength(1000);
            e.Property(w => w.SecretPrefix).HasMaxLength(16);
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("sharing_webhook_deliveries");
            e.HasIndex(d => new { d.State, d.NextAttempt });
            e.HasIndex(d => d.WebhookId);
            e.Property(d => d.EventType).HasMaxLength(60);
            e.Property(d => d.LastError).HasMaxLength(1000);
            e.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiService>(e =>
        {
            e.ToTable("sharing_api_services");
            e.HasIndex(s => s.DistributionId).IsUnique();
            e.HasIndex(s => new { s.OrganizationId, s.Slug }).IsUnique();
            e.HasIndex(s => s.DatasetId);
            e.Property(s => s.Slug).HasMaxLength(100);
            e.Property(s => s.UpstreamUrl).HasMaxLength(2000);
            e.Property(s => s.OpenApi).HasMaxLength(1_000_000);
        });
    }

    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public sealed class SqliteSharingDbContext(DbContextOptions<SqliteSharingDbContext> options) : SharingDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite(o => o.MigrationsHistoryTable(HistoryTable));
}

public sealed class PostgresSharingDbContext(DbContextOptions<PostgresSharingDbContext> options) : SharingDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseNpgsql(o => o.MigrationsHistoryTable(HistoryTable));
}
