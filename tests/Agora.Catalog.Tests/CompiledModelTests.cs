using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Tests;

/// <summary>
/// The catalog starts from compiled EF models (src/Agora.Catalog/CompiledModels), which are generated code: a change
/// to the model that is not followed by <c>scripts/ef-model-changed.sh</c> leaves them stale. This compares each with
/// the model that <see cref="CatalogDbContext.OnModelCreating"/> builds today.
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void Sqlite_compiled_model_matches_the_model_code() =>
        AssertMatches(new SqliteCatalogDbContext(new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=:memory:").Options));

    [Fact]
    public void Postgres_compiled_model_matches_the_model_code() =>
        AssertMatches(new PostgresCatalogDbContext(new DbContextOptionsBuilder<PostgresCatalogDbContext>().UseNpgsql("Host=unused").Options));

    private static void AssertMatches(DbContext context)
    {
        using (context)
        {
            Assert.True(ModelShape.IsCompiled(context));
            Assert.Equal(ModelShape.Describe(ModelShape.FromCode(context)), ModelShape.Describe(context.Model));
        }
    }
}
