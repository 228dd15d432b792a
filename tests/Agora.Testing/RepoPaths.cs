namespace Agora.Testing;

/// <summary>Finds the repository and the shared test data beside it.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Agora.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no Agora.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The shared test data: AGORA_SHARED_DATA, else ../shared/data beside the repository.</summary>
    public static string SharedData
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("AGORA_SHARED_DATA");
            var path = configured ?? Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
            return Directory.Exists(path)
                ? path
                : throw new InvalidOperationException($"the shared test data is not at {path}; set AGORA_SHARED_DATA");
        }
    }
}
