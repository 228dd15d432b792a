using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Audit.Storage;

/// <summary>
/// The audit table. Two subclasses exist only so that SQLite and PostgreSQL each keep their own migrations, recorded
/// in <c>__audit_migrations</c> apart from the catalog's. Appends, verification and export go through raw ADO.NET on
/// this context's connection (<see cref="AuditStore"/>); the model here is for migrations and searches.
/// </summary>
public abstract class AuditDbContext(DbContextOptions options) : DbContext(options)
{
    public const string Table = "audit_records";
    public const string HistoryTable = "__audit_migrations";

    public DbSet<AuditRecord> Records => Set<AuditRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable(Table);
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(r => r.Time).HasColumnName("time");
            e.Property(r => r.Action).HasColumnName("action").HasMaxLength(64);
            e.Property(r => r.Outcome).HasColumnName("outcome").HasMaxLength(16).HasConversion(
                v => Chain.AuditCanonical.OutcomeName(v), v => Chain.AuditCanonical.ParseOutcome(v));
            e.Property(r => r.StatusCode).HasColumnName("status_code");
            e.Property(r => r.UserId).HasColumnName("user_id");
            e.Property(r => r.OrganizationId).HasColumnName("organization_id");
            e.Property(r => r.TokenId).HasColumnName("token_id");
            e.Property(r => r.DatasetId).HasColumnName("dataset_id");
            e.Property(r => r.OwnerOrganizationId).HasColumnName("owner_organization_id");
            e.Property(r => r.DistributionId).HasColumnName("distribution_id");
            e.Property(r => r.GrantId).HasColumnName("grant_id");
            e.Property(r => r.Purpose).HasColumnName("purpose");
            e.Property(r => r.Columns).HasColumnName("columns").HasConversion(
                v => AuditColumns.Serialize(v),
                v => AuditColumns.Deserialize(v),
                new ValueComparer<List<string>?>(
                    (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                    v => v == null ? 0 : v.Count,
                    v => v == null ? null : v.ToList()));
            e.Property(r => r.RowCount).HasColumnName("row_count");
            e.Property(r => r.Bytes).HasColumnName("bytes");
            e.Property(r => r.ClientAddress).HasColumnName("client_address");
            e.Property(r => r.RequestId).HasColumnName("request_id");
            e.Property(r => r.Details).HasColumnName("details");
            e.Property(r => r.PreviousHash).HasColumnName("previous_hash");
            e.Property(r => r.Hash).HasColumnName("hash");

            // Searches filter on one of these and page newest first by sequence.
            e.HasIndex(r => r.Time).HasDatabaseName("ix_audit_records_time");
            e.HasIndex(r => new { r.OrganizationId, r.Sequence }).HasDatabaseName("ix_audit_records_organization");
            e.HasIndex(r => new { r.OwnerOrganizationId, r.Sequence }).HasDatabaseName("ix_audit_records_owner");
            e.HasIndex(r => new { r.DatasetId, r.Sequence }).HasDatabaseName("ix_audit_records_dataset");
            e.HasIndex(r => new { r.UserId, r.Sequence }).HasDatabaseName("ix_audit_records_user");
            e.HasIndex(r => new { r.Action, r.Sequence }).HasDatabaseName("ix_audit_records_action");
        });
    }

    internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>
/// SQLite keeps times as INTEGER microseconds since the Unix epoch and ids as 16-byte big-endian BLOBs (so that
/// <c>hex(user_id)</c> reads as the UUID): half the index size of TEXT, and no parsing on the way out.
/// </summary>
public sealed class SqliteAuditDbContext(DbContextOptions<SqliteAuditDbContext> options) : AuditDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<MicrosecondsConverter>();
        configurationBuilder.Properties<Guid>().HaveConversion<BigEndianGuidConverter>();
    }

    // Keeps the connection the shared storage plumbing configured and only moves the migrations history.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseSqlite(o => o.MigrationsHistoryTable(HistoryTable));
}

public sealed class PostgresAuditDbContext(DbContextOptions<PostgresAuditDbContext> options) : AuditDbContext(options)
{
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.UseNpgsql(o => o.MigrationsHistoryTable(HistoryTable));
}

internal sealed class MicrosecondsConverter() : ValueConverter<DateTime, long>(
    v => Chain.AuditCanonical.Microseconds(v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime()),
    v => Chain.AuditCanonical.FromMicroseconds(v));

internal sealed class BigEndianGuidConverter() : ValueConverter<Guid, byte[]>(
    v => v.ToByteArray(true),
    v => new Guid(v, true));

/// <summary>The column list is kept as a JSON array of strings, the same text in both stores.</summary>
internal static class AuditColumns
{
    public static string? Serialize(List<string>? columns) =>
        columns is null ? null : JsonSerializer.Serialize(columns, AuditJsonContext.Default.ListString);

    public static List<string>? Deserialize(string? text) =>
        text is null ? null : JsonSerializer.Deserialize(text, AuditJsonContext.Default.ListString) ?? [];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class AuditJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
