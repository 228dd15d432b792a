using System.Text;
using Agora.Catalog.Demo;
using Agora.Catalog.Import;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Catalog.Tests;

public sealed class ImportTests
{
    private const string Good = """
        {"identifier":"imp-1","title":{"zh":"进口数据一","en":"Import one"},"organization":"beijing-wjw","themes":["healthcare"],"keywords":["医院"],"license":"CC0-1.0","sharing":"conditional","sharingConditions":"仅限","opening":"conditional","openingConditions":"须申请","securityGrade":"general","issued":"2024-02-29","fields":[{"name":"beds","label":"床位数","type":"integer","sensitivity":"none"}]}
        {"identifier":"imp-2","title":{"zh":"进口数据二"},"organization":"stats","themes":["macroEconomy"],"license":"gov-open-1.0","sharing":"notShared","legalBasis":"《统计法》第九条","opening":"closed","securityGrade":"important"}

        {"identifier":"imp-3","title":{"zh":"进口数据三"},"organizationId":"__ORG__","themes":["credit","legalEntities"],"license":"ODbL-1.0","sharing":"unconditional","opening":"open","securityGrade":"general","spatialRegionCode":"330106"}
        """;

    private static async Task<(TestStore, ServiceProvider)> OpenAsync(string provider)
    {
        var store = await TestStore.CreateAsync(provider);
        var services = new ServiceCollection().AddLogging().AddAgoraCatalog(store.Options).BuildServiceProvider();
        await services.MigrateCatalogAsync();
        await using var scope = services.CreateAsyncScope();
        await DemoCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        return (store, services);
    }

    private static MemoryStream Stream(string text) =>
        new(Encoding.UTF8.GetBytes(text.Replace("__ORG__", DemoCatalog.DeterministicGuid("org:hangzhou").ToString(), StringComparison.Ordinal)));

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task Imported_datasets_read_back_exactly_as_written(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<DatasetImporter>();

            var result = await importer.ImportAsync(Stream(Good), "test", null, CancellationToken.None);

            Assert.Empty(result.Errors);
            Assert.Equal(3, result.Imported);
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            var one = await db.Datasets.AsNoTracking().SingleAsync(d => d.Identifier == "imp-1");
            Assert.Equal(("进口数据一", "Import one"), (one.TitleZh, one.TitleEn));
            Assert.Equal(SharingAttribute.Conditional, one.Sharing);
            Assert.Equal(new DateOnly(2024, 2, 29), one.Issued);
            Assert.Equal(["医院"], one.Keywords);
            Assert.Equal("床位数", Assert.Single(one.Fields).Label);
            Assert.Equal(DateTimeKind.Utc, one.Created.Kind);
            var three = await db.Datasets.AsNoTracking().SingleAsync(d => d.Identifier == "imp-3");
            Assert.Equal(["credit", "legalEntities"], three.Themes);
            Assert.Equal(2, await db.Datasets.CountAsync(d => d.Themes.Contains("credit") && d.Identifier.StartsWith("imp-")) + 1);
            Assert.Equal(3, await db.Activities.CountAsync(a => a.Action == "imported"));
        }
    }

    [Theory]
    [InlineData(TestStore.Sqlite)]
    [InlineData(TestStore.Postgres)]
    public async Task One_wrong_line_imports_nothing_and_every_problem_names_its_line(string provider)
    {
        var (store, services) = await OpenAsync(provider);
        await using (store)
        await using (services)
        {
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<DatasetImporter>();
            var text = Good + "\n{\"identifier\":\"imp-4\",\"organization\":\"nowhere\"}\n{broken\n"
                + "{\"identifier\":\"imp-1\",\"title\":{\"zh\":\"重复\"},\"organization\":\"stats\",\"themes\":[\"credit\"],\"license\":\"CC0-1.0\",\"sharing\":\"unconditional\",\"opening\":\"open\",\"securityGrade\":\"core\"}\n";

            var result = await importer.ImportAsync(Stream(text), "test", null, CancellationToken.None);

            Assert.Equal(0, result.Imported);
            Assert.Contains(result.Errors, e => e is { Line: 5, Field: "organization" });
            Assert.Contains(result.Errors, e => e.Line == 6);
            Assert.Contains(result.Errors, e => e is { Line: 7, Field: "sharing" });
            var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
            Assert.False(await db.Datasets.AnyAsync(d => d.Identifier.StartsWith("imp-")));
        }
    }
}
