using System.Collections.Concurrent;
using System.Text.Json;

namespace Agora.Tables.Storage;

/// <summary>
/// Table files on disk: <c>tables/&lt;id&gt;/v&lt;N&gt;.parquet</c>, the source each version was read from, and
/// <c>current.json</c>, replaced by a rename so readers see the old version or the new one, never a part.
/// </summary>
internal sealed class TableStore(TablesOptions options)
{
    private readonly ConcurrentDictionary<Guid, (DateTime Stamp, TableVersion Version)> _cache = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public string TempDirectory { get; } = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "tmp")).FullName;

    public string TableDirectory(Guid id) => Path.Combine(options.DataDirectory, "tables", id.ToString("D"));

    public string NewTempPath(string extension) => Path.Combine(TempDirectory, $"{Guid.NewGuid():N}{extension}");

    public TableVersion? Current(Guid id)
    {
        var pointer = Path.Combine(TableDirectory(id), "current.json");
        var stamp = File.GetLastWriteTimeUtc(pointer);
        if (stamp.Year < 1700)
        {
            return null;
        }
        if (_cache.TryGetValue(id, out var cached) && cached.Stamp == stamp)
        {
            return cached.Version;
        }
        try
        {
            var version = JsonSerializer.Deserialize<TableVersion>(File.ReadAllBytes(pointer), TablesJson.Options)!;
            _cache[id] = (stamp, version);
            return version;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public string ParquetPath(Guid id, TableVersion version) => Path.Combine(TableDirectory(id), version.ParquetFile);

    public string? SourcePath(Guid id, TableVersion version) => version.SourceFile is null ? null : Path.Combine(TableDirectory(id), "source", version.SourceFile);

    /// <summary>Serializes the work that changes one table (publishing versions).</summary>
    public async Task<IDisposable> LockAsync(Guid id, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public int NextVersion(Guid id)
    {
        var dir = TableDirectory(id);
        if (!Directory.Exists(dir))
        {
            return 1;
        }
        var max = Directory.EnumerateFiles(dir, "v*.parquet")
            .Select(f => int.TryParse(Path.GetFileNameWithoutExtension(f)[1..], out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return Math.Max(max, Current(id)?.Version ?? 0) + 1;
    }

    /// <summary>Moves the new files into place and switches <c>current.json</c> to them; call under <see cref="LockAsync"/>.</summary>
    public TableVersion Publish(Guid id, string parquetTemp, string? sourceTemp, TableVersion version)
    {
        var dir = Directory.CreateDirectory(TableDirectory(id)).FullName;
        File.Move(parquetTemp, Path.Combine(dir, version.ParquetFile), overwrite: true);
        if (sourceTemp is not null && version.SourceFile is not null)
        {
            var sources = Directory.CreateDirectory(Path.Combine(dir, "source")).FullName;
            var target = Path.Combine(sources, version.SourceFile);
            // The job owns this file (an upload or a download in the scratch folder): moving it costs nothing.
            File.Move(sourceTemp, target, overwrite: true);
        }
        WriteAtomically(Path.Combine(dir, "current.json"), JsonSerializer.SerializeToUtf8Bytes(version, TablesJson.Options));
        _cache.TryRemove(id, out _);
        Prune(dir, version.Version);
        return version;
    }

    public void SaveProfile(Guid id, TableProfile profile) =>
        WriteAtomically(Path.Combine(TableDirectory(id), $"profile-v{profile.Version}.json"), JsonSerializer.SerializeToUtf8Bytes(profile, TablesJson.Options));

    public TableProfile? Profile(Guid id, int version)
    {
        var path = Path.Combine(TableDirectory(id), $"profile-v{version}.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<TableProfile>(File.ReadAllBytes(path), TablesJson.Options) : null;
    }

    public IReadOnlyDictionary<string, ColumnType>? Overrides(Guid id)
    {
        var path = Path.Combine(TableDirectory(id), "schema-override.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, ColumnType>>(File.ReadAllBytes(path), TablesJson.Options) : null;
    }

    public void SaveOverrides(Guid id, IReadOnlyDictionary<string, ColumnType> overrides)
    {
        var dir = Directory.CreateDirectory(TableDirectory(id)).FullName;
        WriteAtomically(Path.Combine(dir, "schema-override.json"), JsonSerializer.SerializeToUtf8Bytes(overrides, TablesJson.Options));
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private void Prune(string dir, int current)
    {
        var keepFrom = current - Math.Max(1, options.RetainedVersions) + 1;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var stem = name.StartsWith("profile-v", StringComparison.Ordinal) ? name["profile-v".Length..] : name.StartsWith('v') ? name[1..] : null;
            if (stem is null)
            {
                continue;
            }
            var digits = new string(stem.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length > 0 && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) < keepFrom)
            {
                // Readers that opened an old file keep reading it: on Unix the data stays until they close it.
                File.Delete(file);
            }
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
