namespace Agora.Tables;

/// <summary>Settings of the tables engine. Only <see cref="DataDirectory"/> has no default.</summary>
public sealed class TablesOptions
{
    /// <summary>Root folder; tables live under <c>tables/&lt;distributionId&gt;/</c>, scratch files under <c>tmp/</c>.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Largest upload or fetched file.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    public int MaxColumns { get; set; } = 1000;

    /// <summary>
    /// Rows whose values decide each column's type. Later values are still all checked: the conversion's casts are
    /// strict, and a value that does not fit makes the ingest scan every row and convert again.
    /// </summary>
    public long TypeSampleRows { get; set; } = 200_000;

    /// <summary>
    /// Files at least this big are read at their head and tail only before DuckDB converts them; when both are plain
    /// data, DuckDB's strict parser checks the middle, and any error there falls back to a full scan that names the row.
    /// Smaller files are always scanned in full and rewritten as plain CSV.
    /// </summary>
    public long DirectReadBytes { get; set; } = 32L << 20;

    /// <summary>Longest single field, in characters.</summary>
    public int MaxFieldChars { get; set; } = 1_000_000;

    /// <summary>XLSX: the most bytes all parts of the workbook may unpack to.</summary>
    public long MaxXlsxUncompressedBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>XLSX: the highest compression ratio a part may have (zip bombs have thousands).</summary>
    public double MaxXlsxCompressionRatio { get; set; } = 200;

    /// <summary>Versions kept per table, the current one included.</summary>
    public int RetainedVersions { get; set; } = 3;

    public int DefaultPageSize { get; set; } = 1000;

    /// <summary>Pages of rows kept in memory by their query (versions are immutable); 0 turns the cache off.</summary>
    public int CachedPages { get; set; } = 64;

    public int MaxPageSize { get; set; } = 50_000;

    public TimeSpan SqlTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int SqlRowCap { get; set; } = 10_000;

    /// <summary>DuckDB memory limit of one SQL query, e.g. <c>512MB</c>.</summary>
    public string SqlMemoryLimit { get; set; } = "512MB";

    public int SqlThreads { get; set; } = 2;

    /// <summary>DuckDB memory limit of one ingest.</summary>
    public string IngestMemoryLimit { get; set; } = "512MB";

    public int IngestThreads { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>DuckDB memory limit of the shared engine that serves rows and downloads.</summary>
    public string QueryMemoryLimit { get; set; } = "1GB";

    public int MaxConcurrentIngests { get; set; } = 1;

    /// <summary>How long a finished ingest job stays readable at <c>GET /api/v1/jobs/{id}</c>.</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Let URL ingest reach private, loopback and link-local addresses (only for closed networks and tests).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public TimeSpan UrlFetchTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxRedirects { get; set; } = 5;
}
