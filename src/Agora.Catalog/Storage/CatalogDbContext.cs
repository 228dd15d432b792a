using System.Text.Json;
using Agora.Catalog.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Agora.Catalog.Storage;

/// <summary>
/// The metadata store. Two subclasses exist only so that SQLite and PostgreSQL each keep their own migrations;
/// the model is the same for both.
/// </summary>
public abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<Distribution> Distributions => Set<Distribution>();
    public DbSet<DatasetActivity> Activities => Set<DatasetActivity>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ApiToken> Tokens => Set<ApiToken>();
    public DbSet<DatasetPrivacy> DatasetPrivacy => Set<DatasetPrivacy>();
    public DbSet<PrivacyBudget> PrivacyBudgets => Set<PrivacyBudget>();
    public DbSet<PrivacyBudgetSpend> PrivacyBudgetSpends => Set<PrivacyBudgetSpend>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite gives back DateTime with Kind=Unspecified and Npgsql refuses anything but UTC for timestamptz:
        // every instant in the store is UTC, so say so on the way in and out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organization>(e =>
        {
            e.ToTable("organizations");
            e.HasIndex(o => o.Slug).IsUnique();
            e.HasIndex(o => o.CreditCode).IsUnique();
            e.HasIndex(o => o.ParentId);
            e.Property(o => o.Slug).HasMaxLength(100);
            e.Property(o => o.CreditCode).HasMaxLength(18);
            e.Property(o => o.RegionCode).HasMaxLength(6);
            e.Property(o => o.NameZh).HasMaxLength(200);
            e.Property(o => o.NameEn).HasMaxLength(300);
            e.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Dataset>(e =>
        {
            e.ToTable("datasets");
            e.HasIndex(d => d.Identifier).IsUnique();
            e.HasIndex(d => new { d.Modified, d.Identifier });
            e.HasIndex(d => new { d.TitleZh, d.Identifier });
            e.HasIndex(d => new { d.OrganizationId, d.Modified });
            // Opening first: the public's list (opening open or conditional, newest first) reads each value's range
            // in order instead of sorting every public dataset, whatever the planner knows of the data.
            e.HasIndex(d => new { d.Opening, d.Modified, d.Identifier });
            e.Property(d => d.Identifier).HasMaxLength(100);
            e.Property(d => d.TitleZh).HasMaxLength(300);
            e.Property(d => d.TitleEn).HasMaxLength(500);
            e.Property(d => d.License).HasMaxLength(40);
            e.Property(d => d.SpatialRegionCode).HasMaxLength(6);
            e.Property(d => d.Fields).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => JsonSerializer.Deserialize<List<FieldSpec>>(v, JsonSerializerOptions.Web) ?? new List<FieldSpec>(),
                new ValueComparer<List<FieldSpec>>(
                    (a, b) => a!.SequenceEqual(b!),
                    v => v.Aggregate(0, (h, f) => HashCode.Combine(h, f.GetHashCode())),
                    v => v.ToList()));
            e.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Distribution>(e =>
        {
            e.ToTable("distributions");
            e.HasIndex(d => d.DatasetId);
            e.Property(d => d.Format).HasMaxLength(40);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.TitleZh).HasMaxLength(300);
            e.HasOne<Dataset>().WithMany().HasForeignKey(d => d.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DatasetActivity>(e =>
        {
            e.ToTable("dataset_activities");
            e.HasIndex(a => new { a.DatasetId, a.At });
            e.Property(a => a.Action).HasMaxLength(60);
            e.Property(a => a.Changes).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
                v => JsonSerializer.Deserialize<List<FieldChange>>(v, JsonSerializerOptions.Web) ?? new List<FieldChange>(),
                new ValueComparer<List<FieldChange>>(
                    (a, b) => a!.SequenceEqual(b!),
                    v => v.Count,
                    v => v.ToList()));
        });

        modelBuilder.Entity<User>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.Email).IsUnique();
            e.HasIndex(u => u.ExternalSubject);
            e.Property(u => u.Email).HasMaxLength(254);
        });

        modelBuilder.Entity<Membership>(e =>
        {
            e.ToTable("memberships");
            e.HasIndex(m => new { m.UserId, m.OrganizationId }).IsUnique();
            e.HasIndex(m => m.OrganizationId);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.Property(t => t.Name).HasMaxLength(100);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DatasetPrivacy>(e =>
        {
            e.ToTable("dataset_privacy");
            e.HasKey(p => p.DatasetId);
            e.Property(p => p.DecisionReasons).HasMaxLength(2000);
            e.Property(p => p.DecidedByName).HasMaxLength(254);
            e.HasOne<Dataset>().WithOne().HasForeignKey<DatasetPrivacy>(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PrivacyBudget>(e =>
        {
            e.ToTable("privacy_budgets");
            e.HasKey(b => new { b.Consumer, b.DatasetId });
            e.Property(b => b.Consumer).HasMaxLength(60);
            e.HasIndex(b => b.DatasetId);
            e.HasOne<Dataset>().WithMany().HasForeignKey(b => b.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PrivacyBudgetSpend>(e =>
        {
            e.ToTable("privacy_budget_spends");
            e.Property(s => s.Consumer).HasMaxLength(60);
            e.Property(s => s.Query).HasMaxLength(200);
            e.HasIndex(s => new { s.DatasetId, s.Consumer, s.At });
            e.HasOne<Dataset>().WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class SqliteCatalogDbContext(DbContextOptions<SqliteCatalogDbContext> options) : CatalogDbContext(options);

public sealed class PostgresCatalogDbContext(DbContextOptions<PostgresCatalogDbContext> options) : CatalogDbContext(options);
