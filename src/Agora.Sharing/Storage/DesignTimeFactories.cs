using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Sharing.Storage;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteSharingDesignFactory : IDesignTimeDbContextFactory<SqliteSharingDbContext>
{
    public SqliteSharingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSharingDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresSharingDesignFactory : IDesignTimeDbContextFactory<PostgresSharingDbContext>
{
    public PostgresSharingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSharingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
