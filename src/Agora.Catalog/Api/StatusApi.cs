using Agora.Catalog.Storage;
using Agora.Catalog.Vocabulary;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Api;

public static class StatusApi
{
    public sealed record StatusDto(string Version, string Storage, StatusCounts Counts, long DataDirectoryBytes, string DataDirectory);

    public sealed record StatusCounts(int Organizations, int Datasets, int Distributions, int Users);

    public sealed record Vocabularies(
        IReadOnlyList<VocabularyTerm> Themes,
        IReadOnlyList<LicenseTerm> Licenses,
        IReadOnlyList<string> UpdateFrequencies,
        IReadOnlyList<string> FieldTypes);

    public static void MapStatusApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", Health).WithTags("Status").WithName("Health").WithSummary("Liveness and store reachability.");
        routes.MapGet("/api/v1/status", Status).WithTags("Status").WithName("Status").WithSummary("Version, counts and storage in use.");
        routes.MapGet("/api/v1/vocabularies", () => TypedResults.Ok(new Vocabularies(
                Themes.All,
                Licenses.All,
                Enum.GetNames<Model.UpdateFrequency>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList(),
                Validation.InputValidation.FieldTypes.ToList())))
            .WithTags("Status").WithName("Vocabularies").WithSummary("Themes, licences and other controlled lists.");
    }

    internal static async Task<Results<Ok<string>, ProblemHttpResult>> Health(CatalogDbContext db, HttpContext http) =>
        await db.Database.CanConnectAsync(http.RequestAborted)
            ? TypedResults.Ok("ok")
            : Problems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The metadata store is not reachable", "the metadata store did not answer", null, null);

    internal static async Task<Ok<StatusDto>> Status(CatalogDbContext db, StorageOptions storage, HttpContext http)
    {
        var ct = http.RequestAborted;
        var counts = new StatusCounts(
            await db.Organizations.CountAsync(ct),
            await db.Datasets.CountAsync(ct),
            await db.Distributions.CountAsync(ct),
            await db.Users.CountAsync(ct));
        var bytes = Directory.Exists(storage.DataDirectory)
            ? new DirectoryInfo(storage.DataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
        var version = typeof(StatusApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return TypedResults.Ok(new StatusDto(version, storage.Provider.ToString().ToLowerInvariant(), counts, bytes, Path.GetFullPath(storage.DataDirectory)));
    }
}
