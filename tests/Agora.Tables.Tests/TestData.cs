namespace Agora.Tables.Tests;

/// <summary>Finds the shared test data: the folder with global.json, then ../shared/data.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string CnOpenData(string file) => Path.Combine(Root.Value, "cn-open-data", file);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "global.json")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException($"No folder with global.json above {AppContext.BaseDirectory}; the tests look for test data in ../shared/data beside it.");
        }
        var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        if (!Directory.Exists(data))
        {
            throw new InvalidOperationException($"Test data folder {data} is missing: the tests need the shared data (shared/data/cn-open-data) beside the repository.");
        }
        return data;
    }
}
