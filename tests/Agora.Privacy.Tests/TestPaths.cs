namespace Agora.Privacy.Tests;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string Adult => Path.Combine(SharedData, "adult");

    public static string AdultCsv => Path.Combine(Adult, "adult.csv");

    public static string Corpus => Path.Combine(RepoRoot, "tests", "Agora.Privacy.Tests", "Corpus", "data");

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "agora-privacy-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agora.slnx")) || File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException("The repository root (with Agora.slnx or global.json) was not found above " + AppContext.BaseDirectory);
    }
}
