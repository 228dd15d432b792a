using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Catalog.Storage;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteCatalogDesignFactory : IDesignTimeDbContextFactory<SqliteCatalogDbContext>
{
    public SqliteCatalogDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=design.db");
        return new SqliteCatalogDbContext(builder.Options);
    }
}

internal sealed class PostgresCatalogDesignFactory : IDesignTimeDbContextFactory<PostgresCatalogDbContext>
{
    public PostgresCatalogDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresCatalogDbContext>().UseNpgsql("Host=localhost;Database=design");
        return new PostgresCatalogDbContext(builder.Options);
    }
}
