using Agora.Catalog.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Agora.Catalog.Tests;

/// <summary>
/// The catalog starts from compiled EF models (src/Agora.Catalog/CompiledModels), which are generated code: a change
/// to the model that is not followed by <c>dotnet ef dbcontext optimize</c> leaves them stale. This compares each
/// with the model that <see cref="CatalogDbContext.OnModelCreating"/> builds today.
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void Sqlite_compiled_model_matches_the_model_code()
    {
        var compiled = new DbContextOptionsBuilder<SqliteCatalogDbContext>().UseSqlite("Data Source=:memory:").Options;
        var built = new DbContextOptionsBuilder<BuiltSqlite>().UseSqlite("Data Source=:memory:").Options;
        AssertSame(new SqliteCatalogDbContext(compiled), new BuiltSqlite(built));
    }

    [Fact]
    public void Postgres_compiled_model_matches_the_model_code()
    {
        var compiled = new DbContextOptionsBuilder<PostgresCatalogDbContext>().UseNpgsql("Host=unused").Options;
        var built = new DbContextOptionsBuilder<BuiltPostgres>().UseNpgsql("Host=unused").Options;
        AssertSame(new PostgresCatalogDbContext(compiled), new BuiltPostgres(built));
    }

    private static void AssertSame(DbContext compiledContext, DbContext builtContext)
    {
        using (compiledContext)
        using (builtContext)
        {
            // The compiled model is found through the assembly attribute that `optimize` writes; a context type that
            // has none (the subclasses below) builds its model from the code.
            Assert.IsAssignableFrom<RuntimeModel>(compiledContext.Model);
            Assert.Contains("CompiledModels", compiledContext.Model.GetType().Namespace, StringComparison.Ordinal);
            Assert.DoesNotContain("CompiledModels", builtContext.Model.GetType().Namespace ?? "", StringComparison.Ordinal);

            Assert.Equal(Describe(builtContext.Model.GetRelationalModel()), Describe(compiledContext.Model.GetRelationalModel()));

            foreach (var built in builtContext.Model.GetEntityTypes())
            {
                var compiled = compiledContext.Model.FindEntityType(built.Name);
                Assert.NotNull(compiled);
                foreach (var property in built.GetProperties())
                {
                    var twin = compiled.FindProperty(property.Name);
                    Assert.NotNull(twin);
                    Assert.Equal(property.ClrType, twin.ClrType);
                    Assert.Equal(property.GetColumnType(), twin.GetColumnType());
                    Assert.Equal(property.GetValueConverter()?.ProviderClrType, twin.GetValueConverter()?.ProviderClrType);
                }
            }
        }
    }

    // The schema as the migrations see it: what a stale compiled model would get wrong in SQL.
    private static List<string> Describe(IRelationalModel model) =>
        model.Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name} {c.StoreType} null={c.IsNullable}")
            .Concat(t.Indexes.Select(i => $"{t.Name} index {i.Name} ({string.Join(",", i.Columns.Select(c => c.Name))}) unique={i.IsUnique}"))
            .Concat(t.ForeignKeyConstraints.Select(f => $"{t.Name} fk {f.Name} -> {f.PrincipalTable.Name} {f.OnDeleteAction}"))
            .Append($"{t.Name} pk ({string.Join(",", t.PrimaryKey?.Columns.Select(c => c.Name) ?? [])})"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed class BuiltSqlite(DbContextOptions<BuiltSqlite> options) : CatalogDbContext(options);

    private sealed class BuiltPostgres(DbContextOptions<BuiltPostgres> options) : CatalogDbContext(options);
}
