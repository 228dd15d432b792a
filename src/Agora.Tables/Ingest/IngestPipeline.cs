using System.Diagnostics;
using System.Globalization;
using Agora.Tables.Engine;
using Agora.Tables.Jobs;
using Agora.Tables.Storage;
using DuckDB.NET.Data;

namespace Agora.Tables.Ingest;

/// <summary>
/// One ingest from file to published version: detect the format and encoding, transcode to UTF-8 if needed, scan
/// (layout, checks, types), convert with DuckDB to Parquet, publish atomically, then profile. Memory stays bounded:
/// every pass streams, and DuckDB runs under a memory limit.
/// </summary>
internal sealed class IngestPipeline(TablesOptions options, TableStore store, OutboundFetcher fetcher)
{
    // Below this size the scan always writes the normalized file, which saves a second pass over a messy file.

    public async Task<IngestResult> RunAsync(
        Guid distributionId,
        IngestJobKind kind,
        IngestRequest request,
        bool ownsSource,
        Action<string, double> progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var temps = new List<string>();
        try
        {
            string source;
            var fileName = request.FileName;
            var format = request.Format;
            var encoding = request.Encoding;
            var delimiter = request.Delimiter;
            var sheet = request.Sheet;
            var sourceOwned = ownsSource;
            switch (kind)
            {
                case IngestJobKind.Retype:
                    var current = store.Current(distributionId) ?? throw new IngestException("no-data", "The table has no data yet, so there is nothing to re-type.");
                    source = store.SourcePath(distributionId, current) is { } stored && File.Exists(stored)
                        ? stored
                        : throw new IngestException("source-missing", "The source file of the current version is no longer kept, so it cannot be re-typed; upload it again.");
                    (format, encoding, delimiter, sheet, fileName) = (current.Source.Format, encoding ?? current.Source.Encoding, delimiter ?? current.Source.Delimiter, sheet ?? current.Source.Sheet, current.Source.FileName);
                    sourceOwned = false;
                    break;
                case IngestJobKind.Url:
                    progress("fetching", 0);
                    var url = new Uri(request.Url ?? throw new IngestException("invalid-url", "No URL was given."));
                    source = store.NewTempPath(".download");
                    temps.Add(source);
                    fileName ??= await fetcher.DownloadAsync(url, source, cancellationToken);
                    sourceOwned = true;
                    break;
                default:
                    source = request.SourcePath ?? throw new IngestException("no-file", "No file was given.");
                    break;
            }
            if (sourceOwned)
            {
                temps.Add(source);
            }

            progress("detecting", 0.02);
            format = FileSniffer.Detect(source, fileName, format);
            var overrides = store.Overrides(distributionId);
            var target = store.NewTempPath(".parquet");
            temps.Add(target);
            using var connection = DuckDb.Open(options.IngestMemoryLimit, options.IngestThreads, store.TempDirectory);
            IReadOnlyList<TableColumn> columns;
            IReadOnlyList<SkippedRow> skipped = [];
            var warnings = new List<string>();
            long rows;
            if (format == "parquet")
            {
                (columns, rows) = ParquetInput(connection, source, overrides, target);
                encoding = null;
                delimiter = null;
            }
            else
            {
                string text;
                var fixedHeader = false;
                if (format == "xlsx")
                {
                    text = store.NewTempPath(".csv");
                    temps.Add(text);
                    progress("reading", 0.05);
                    sheet = XlsxReader.ToCsv(source, sheet, text, options, cancellationToken);
                    (encoding, delimiter) = (null, ',');
                }
                else
                {
                    var detected = encoding is null ? EncodingDetector.Detect(source, options.DirectReadBytes, cancellationToken) : Named(encoding, source);
                    encoding = detected.Name;
                    text = source;
                    if (!detected.IsUtf8)
                    {
                        text = store.NewTempPath(".csv");
                        temps.Add(text);
                        progress("transcoding", 0.1);
                        Transcoder.ToUtf8(source, detected, text, options.DirectReadBytes, p => progress("transcoding", 0.1 + (0.15 * p)), cancellationToken);
                    }
                    if (format is "json" or "ndjson")
                    {
                        var csv = store.NewTempPath(".csv");
                        temps.Add(csv);
                        JsonReader.ToCsv(text, format == "ndjson", csv, options.MaxColumns, cancellationToken);
                        (text, delimiter, fixedHeader) = (csv, ',', true);
                    }
                    else
                    {
                        delimiter ??= format == "tsv" ? '\t' : DelimiterDetector.Detect(text);
                    }
                }

                progress("scanning", 0.25);
                var scanOptions = new CsvScanOptions(delimiter!.Value, options.MaxColumns, options.MaxFieldChars, overrides, fixedHeader, options.TypeSampleRows);
                var scan = Scan(text, scanOptions, temps, progress, cancellationToken);
                skipped = scan.Skipped;
                WarnUnknownOverrides(overrides, scan.Names, warnings);

                progress("converting", 0.5);
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    rows = ConvertCsv(connection, text, delimiter.Value, scan, target, cancellationToken);
                }
                catch (IngestException e) when (e.Code == "conversion-failed" && (scan.Sampled || scan.HeadOnly))
                {
                    // Something after the part that was read does not fit (a wider type, a ragged row, a note):
                    // read every row, which finds the wider type or names the row at fault, and convert again.
                    progress("rescanning", 0.5);
                    scan = Scan(text, scanOptions with { ClassifyRows = null }, temps, progress, cancellationToken, full: true);
                    skipped = scan.Skipped;
                    progress("converting", 0.6);
                    rows = ConvertCsv(connection, text, delimiter.Value, scan, target, cancellationToken);
                }
                if (!scan.HeadOnly && rows != scan.DataRows)
                {
                    throw new IngestException("conversion-failed", $"The scan found {scan.DataRows} data rows but the conversion read {rows}; the file's quoting is inconsistent.");
                }
                columns = [.. scan.Columns.Select((c, i) => new TableColumn(scan.Names[i], c.Type, scan.SourceNames[i], c.Format))];
            }

            progress("publishing", 0.88);
            TableVersion published;
            using (await store.LockAsync(distributionId, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var number = store.NextVersion(distributionId);
                var extension = format switch { "tsv" => ".tsv", "xlsx" => ".xlsx", "json" => ".json", "ndjson" => ".ndjson", "parquet" => ".parquet", _ => ".csv" };
                published = store.Publish(
                    distributionId,
                    target,
                    sourceOwned ? source : null,
                    new TableVersion(
                        number,
                        $"v{number}.parquet",
                        $"v{number}{extension}",
                        columns,
                        rows,
                        DateTimeOffset.UtcNow,
                        new SourceDescription(format, encoding, delimiter, sheet, fileName),
                        skipped));
                if (!sourceOwned)
                {
                    // A caller's own file (command line) or the previous version's source: copied after the switch.
                    var kept = store.SourcePath(distributionId, published)!;
                    Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
                    File.Copy(source, kept, overwrite: true);
                }
            }
            var queryable = clock.Elapsed.TotalSeconds;

            progress("profiling", 0.92);
            var profile = Profiler.Profile(connection, store.ParquetPath(distributionId, published), published.Version, columns);
            store.SaveProfile(distributionId, profile);
            return new IngestResult(published.Version, rows, columns, format, encoding, delimiter, sheet, skipped, warnings, queryable, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var temp in temps)
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>
    /// The scanning pass. A big file is first read only at its head (layout, types) and its tail (no notes): when both
    /// are plain, DuckDB's strict parser checks the middle during the conversion. Otherwise every row is scanned, and
    /// a file with title rows, notes or blank rows is rewritten as plain CSV for the conversion.
    /// </summary>
    private CsvScanResult Scan(string text, CsvScanOptions scanOptions, List<string> temps, Action<string, double> progress, CancellationToken cancellationToken, bool full = false)
    {
        var big = new FileInfo(text).Length >= options.DirectReadBytes;
        if (big && !full)
        {
            var head = CsvScanner.Scan(text, scanOptions with { HeadRows = options.TypeSampleRows }, null, null, cancellationToken);
            if (head.Clean && (!head.HeadOnly || CsvScanner.TailIsPlainData(text, scanOptions.Delimiter, head.Names.Count)))
            {
                return head;
            }
        }
        string? rewrite = null;
        if (!big)
        {
            rewrite = NewTemp(temps);
        }
        var scan = CsvScanner.Scan(text, scanOptions, rewrite, p => progress("scanning", 0.25 + (0.25 * p)), cancellationToken);
        if (!scan.Clean && scan.RewrittenPath is null)
        {
            scan = CsvScanner.Scan(text, scanOptions, NewTemp(temps), p => progress("scanning", 0.4 + (0.1 * p)), cancellationToken);
        }
        return scan;
    }

    private string NewTemp(List<string> temps)
    {
        var path = store.NewTempPath(".csv");
        temps.Add(path);
        return path;
    }

    private long ConvertCsv(DuckDBConnection connection, string text, char delimiter, CsvScanResult scan, string target, CancellationToken cancellationToken)
    {
        var fromRewrite = scan.RewrittenPath is not null;
        return Interruptible(connection, cancellationToken, () => TableConverter.CsvToParquet(
            connection,
            scan.RewrittenPath ?? text,
            fromRewrite ? ',' : delimiter,
            header: !fromRewrite,
            scan.Names,
            scan.Columns,
            options.MaxFieldChars,
            target));
    }

    private static DetectedEncoding Named(string name, string path)
    {
        var normalized = name.Trim().ToLowerInvariant() switch
        {
            "utf-8" or "utf8" or "utf-8-sig" => "utf-8",
            "gb18030" or "gbk" or "gb2312" or "cp936" => "gb18030",
            "big5" or "cp950" => "big5",
            "utf-16le" or "utf-16" => "utf-16le",
            "utf-16be" => "utf-16be",
            _ => throw new IngestException("unsupported-encoding", $"Encoding '{name}' is not supported; use utf-8, gb18030 (also for GBK/GB2312), big5, utf-16le or utf-16be."),
        };
        Span<byte> head = stackalloc byte[3];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, 3, throwOnEndOfStream: false);
        }
        var bom = normalized switch
        {
            "utf-8" when read == 3 && head.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) => 3,
            "utf-16le" when read >= 2 && head[0] == 0xFF && head[1] == 0xFE => 2,
            "utf-16be" when read >= 2 && head[0] == 0xFE && head[1] == 0xFF => 2,
            _ => 0,
        };
        return new DetectedEncoding(normalized, bom);
    }

    private static void WarnUnknownOverrides(IReadOnlyDictionary<string, ColumnType>? overrides, IReadOnlyList<string> names, List<string> warnings)
    {
        foreach (var name in overrides?.Keys.Where(k => !names.Contains(k)) ?? [])
        {
            warnings.Add($"The schema names a column '{name}' that the file does not have; it was ignored.");
        }
    }

    private (IReadOnlyList<TableColumn>, long) ParquetInput(DuckDBConnection connection, string source, IReadOnlyDictionary<string, ColumnType>? overrides, string target)
    {
        var described = new List<(string Name, string Type)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"DESCRIBE SELECT * FROM read_parquet({DuckDb.Literal(source)})";
            try
            {
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    described.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            catch (DuckDBException e)
            {
                throw new IngestException("invalid-parquet", $"The Parquet file cannot be read: {e.Message}");
            }
        }
        if (described.Count > options.MaxColumns)
        {
            throw new IngestException("too-many-columns", $"The file has {described.Count} columns; at most {options.MaxColumns} are allowed.");
        }
        var (names, sources) = HeaderNames.Build([.. described.Select(d => d.Name)], described.Count);
        var columns = new List<TableColumn>();
        var select = new List<string>();
        for (var i = 0; i < described.Count; i++)
        {
            var native = Map(described[i].Type);
            var wanted = overrides?.GetValueOrDefault(names[i]) ?? native;
            var column = DuckDb.Ident(described[i].Name);
            var expression = wanted == native && native != ColumnType.Text ? column
                : wanted == ColumnType.Text ? $"CAST({column} AS VARCHAR)"
                : TableConverter.Cast($"CAST({column} AS VARCHAR)", new ColumnInference(names[i], wanted));
            select.Add($"{expression} AS {DuckDb.Ident(names[i])}");
            columns.Add(new TableColumn(names[i], wanted, sources[i]));
        }
        var rows = TableConverter.Copy(connection, $"COPY (SELECT {string.Join(", ", select)} FROM read_parquet({DuckDb.Literal(source)})) TO {DuckDb.Literal(target)} (FORMAT parquet, COMPRESSION lz4_raw)", target);
        return (columns, rows);
    }

    private static ColumnType Map(string duckType)
    {
        var t = duckType.ToUpperInvariant();
        return t switch
        {
            "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "HUGEINT" => ColumnType.Integer,
            "FLOAT" or "DOUBLE" => ColumnType.Decimal,
            "BOOLEAN" => ColumnType.Boolean,
            "DATE" => ColumnType.Date,
            _ when t.StartsWith("DECIMAL", StringComparison.Ordinal) => ColumnType.Decimal,
            _ when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ColumnType.DateTime,
            _ => ColumnType.Text,
        };
    }

    /// <summary>Runs a long DuckDB statement so that cancelling the job interrupts it.</summary>
    private static T Interruptible<T>(DuckDBConnection connection, CancellationToken cancellationToken, Func<T> work)
    {
        using var registration = cancellationToken.Register(() =>
        {
            using var command = connection.CreateCommand();
            command.Cancel();
        });
        try
        {
            return work();
        }
        catch (DuckDBException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DuckDBException e)
        {
            throw new IngestException("conversion-failed", "Converting the data failed: " + e.Message.Split('\n')[0].ToString(CultureInfo.InvariantCulture));
        }
    }
}
