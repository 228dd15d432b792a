using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Audit.Storage;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteAuditDesignFactory : IDesignTimeDbContextFactory<SqliteAuditDbContext>
{
    public SqliteAuditDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAuditDbContext>().UseSqlite("Data Source=design.db");
        return new SqliteAuditDbContext(builder.Options);
    }
}

internal sealed class PostgresAuditDesignFactory : IDesignTimeDbContextFactory<PostgresAuditDbContext>
{
    public PostgresAuditDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAuditDbContext>().UseNpgsql("Host=localhost;Database=design");
        return new PostgresAuditDbContext(builder.Options);
    }
}
