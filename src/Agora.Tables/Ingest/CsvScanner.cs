using Agora.Tables.Jobs;
using nietras.SeparatedValues;

namespace Agora.Tables.Ingest;

/// <summary>
/// The scanning pass over a UTF-8 delimited file: finds the layout, checks every row (width, NUL bytes, field size,
/// unclosed quotes), infers each column's type, and, when the file is not one header plus data, writes the data rows
/// to a normalized file that DuckDB reads in the next pass.
/// </summary>
internal sealed class CsvScanner
{
    private const int LayoutRows = 100;

    private readonly CsvScanOptions _options;
    private readonly List<SkippedRow> _skipped = [];
    private readonly List<(HeldRow Row, string Kind)> _pending = [];
    private ColumnInference[] _columns = [];
    private Layout _layout = null!;
    private CsvRowWriter? _writer;
    private long _dataRows;
    private bool _clean = true;
    private bool _headOnly;

    private CsvScanner(CsvScanOptions options) => _options = options;

    public static CsvScanResult Scan(string path, CsvScanOptions options, string? rewritePath, Action<double>? progress, CancellationToken cancellationToken)
    {
        var scanner = new CsvScanner(options);
        return scanner.Run(path, rewritePath, progress, cancellationToken);
    }

    private CsvScanResult Run(string path, string? rewritePath, Action<double>? progress, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var reader = Sep.New(_options.Delimiter)
            .Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true, InitialBufferLength = 1 << 16 })
            .From(stream);
        var held = new List<HeldRow>(LayoutRows);
        var lastOdd = false;
        long lastLine = 0;
        while (held.Count < LayoutRows && reader.MoveNext())
        {
            var row = reader.Current;
            lastOdd = Check(row, out lastLine);
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }
            held.Add(new HeldRow(cells, lastLine));
        }
        if (held.Count == 0)
        {
            throw new IngestException("empty-file", "The file is empty.");
        }
        _layout = LayoutAnalyzer.Analyze(held, _options.FixedHeader);
        if (_layout.Width > _options.MaxColumns)
        {
            throw new IngestException("too-many-columns", $"The table has {_layout.Width} columns; at most {_options.MaxColumns} are allowed.");
        }
        var (names, sources) = _layout.HasHeader ? HeaderNames.Build(_layout.HeaderCells, _layout.Width) : HeaderNames.Build([], _layout.Width);
        _columns = names.Select(n => new ColumnInference(n, _options.Overrides?.GetValueOrDefault(n))).ToArray();
        for (var i = 0; i < _layout.HeaderIndex; i++)
        {
            _skipped.Add(new SkippedRow(held[i].Line, held[i].NonEmpty == 0 ? "blank" : "title", Shorten(held[i].Text)));
        }
        if (_layout.HeaderIndex > 0 || _layout.HeaderRows != 1)
        {
            _clean = false;
        }
        if (rewritePath is not null)
        {
            _writer = new CsvRowWriter(rewritePath, _layout.Width);
        }
        try
        {
            for (var i = _layout.HeaderIndex + _layout.HeaderRows; i < held.Count; i++)
            {
                var row = held[i];
                Data(new RowView(row.Cells), row.Line, row);
            }
            long rows = held.Count;
            while ((_options.HeadRows is not { } head || _dataRows < head) && reader.MoveNext())
            {
                var row = reader.Current;
                lastOdd = Check(row, out lastLine);
                Data(new RowView(row), lastLine, null);
                if ((++rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke((double)stream.Position / Math.Max(1, stream.Length));
                }
            }
            _headOnly = _options.HeadRows is { } h && _dataRows >= h && reader.MoveNext();
            if (_headOnly)
            {
                _clean &= _pending.Count == 0;
                return Result(names, sources, rewritePath);
            }
            if (lastOdd)
            {
                throw new IngestException("unclosed-quote", $"A quoted field that starts on line {lastLine} is never closed: the file is truncated or has a stray quote.", lastLine);
            }
            Finish(lastLine);
        }
        finally
        {
            _writer?.Dispose();
        }
        if (_dataRows == 0)
        {
            throw new IngestException("no-data", "The file has a header but no data rows.");
        }
        return Result(names, sources, rewritePath);
    }

    private CsvScanResult Result(List<string> names, List<string?> sources, string? rewritePath)
    {
        return new CsvScanResult
        {
            HeadOnly = _headOnly,
            Names = names,
            SourceNames = sources,
            Columns = _columns,
            DataRows = _dataRows,
            Skipped = _skipped,
            Clean = _clean,
            Sampled = _options.ClassifyRows is { } limit && _dataRows > limit,
            RewrittenPath = rewritePath,
        };
    }

    /// <summary>
    /// Whether the last rows of a big file are plain data rows of <paramref name="width"/> fields, so that it needs no
    /// note or blank-row handling and DuckDB can read it as it is. Anything unclear answers false (and a full scan follows).
    /// </summary>
    public static bool TailIsPlainData(string path, char delimiter, int width)
    {
        const int Window = 64 * 1024;
        using var stream = File.OpenRead(path);
        if (stream.Length <= Window)
        {
            return false;
        }
        var buffer = new byte[Window];
        stream.Position = stream.Length - Window;
        stream.ReadExactly(buffer);
        var start = Array.IndexOf(buffer, (byte)'\n') + 1;
        if (start <= 0 || buffer[^1] != (byte)'\n' || (buffer.Length > 1 && buffer[^2] is (byte)'\n'))
        {
            return false;
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
        if (text.Contains('"', StringComparison.Ordinal))
        {
            // A quoted field may hold a line break, so rows cannot be found from the middle of the file.
            return false;
        }
        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, DisableColCountCheck = true }).FromText(text);
        var rows = 0;
        while (reader.MoveNext())
        {
            var row = reader.Current;
            if (row.ColCount != width)
            {
                return false;
            }
            var nonEmpty = 0;
            for (var i = 0; i < row.ColCount; i++)
            {
                nonEmpty += row[i].Span.IsWhiteSpace() ? 0 : 1;
            }
            if (nonEmpty < Math.Min(2, width) || LayoutAnalyzer.IsNoteText(row[0].ToString()))
            {
                return false;
            }
            rows++;
        }
        return rows > 0;
    }

    /// <summary>Checks the raw row before any field is unescaped; returns whether it has an odd number of quotes.</summary>
    private bool Check(SepReader.Row row, out long line)
    {
        // Sep 0.17 reports the first row as line 2; every later row is right.
        line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
        var raw = row.Span;
        if (row.ColCount > _options.MaxColumns)
        {
            throw new IngestException("too-many-columns", $"Line {line} has {row.ColCount} fields; at most {_options.MaxColumns} columns are allowed.", line);
        }
        if (raw.Contains('\0'))
        {
            var column = 0;
            for (var i = 0; i < row.ColCount; i++)
            {
                if (row[i].Span.Contains('\0'))
                {
                    column = i + 1;
                    break;
                }
            }
            throw new IngestException("nul-byte", $"Line {line}, column {column} contains a NUL byte: the file is binary or damaged.", line, column.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var odd = (raw.Count('"') & 1) == 1;
        if (raw.Length > _options.MaxFieldChars)
        {
            for (var i = 0; i < row.ColCount; i++)
            {
                var length = row[i].Span.Length;
                if (length > _options.MaxFieldChars)
                {
                    // Within the first rows the names are not known yet: the position is given instead.
                    var name = i < _columns.Length ? _columns[i].Name : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw new IngestException(
                        "field-too-large",
                        $"Line {line}, column {name}: a field of {length:N0} characters; at most {_options.MaxFieldChars:N0} are allowed.",
                        line,
                        name);
                }
            }
        }
        return odd;
    }

    private void Data(RowView row, long line, HeldRow? held)
    {
        var width = _layout.Width;
        var count = row.Count;
        var effective = count;
        while (effective > width && row[effective - 1].IsWhiteSpace())
        {
            effective--;
        }
        var nonEmpty = 0;
        for (var i = 0; i < effective && nonEmpty < 2; i++)
        {
            nonEmpty += row[i].IsWhiteSpace() ? 0 : 1;
        }
        if (nonEmpty == 0)
        {
            _pending.Add((held ?? row.Hold(line), "blank"));
            return;
        }
        if (effective != width || (nonEmpty == 1 && width > 1 && LayoutAnalyzer.IsNoteText(FirstNonEmpty(row))))
        {
            _pending.Add((held ?? row.Hold(line), effective != width ? "irregular" : "note"));
            return;
        }
        if (_pending.Count > 0)
        {
            Resolve(line);
        }
        if (count != width)
        {
            _clean = false;
        }
        Add(row, line);
    }

    private static string FirstNonEmpty(RowView row)
    {
        for (var i = 0; i < row.Count; i++)
        {
            if (!row[i].IsWhiteSpace())
            {
                return row[i].ToString();
            }
        }
        return "";
    }

    private void Add(RowView row, long line)
    {
        if (_options.ClassifyRows is not { } limit || _dataRows < limit)
        {
            var columns = _columns;
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Add(row[i], line);
            }
        }
        _writer?.Write(row);
        _dataRows++;
    }

    /// <summary>A data row came after held rows: blank rows are skipped, notes were data after all, others are ragged.</summary>
    private void Resolve(long nextLine)
    {
        foreach (var (row, kind) in _pending)
        {
            switch (kind)
            {
                case "blank":
                    _skipped.Add(new SkippedRow(row.Line, "blank", ""));
                    _clean = false;
                    break;
                case "note":
                    Add(new RowView(row.Cells), row.Line);
                    break;
                default:
                    throw Ragged(row, last: false);
            }
        }
        _pending.Clear();
    }

    private void Finish(long lastLine)
    {
        foreach (var (row, kind) in _pending)
        {
            if (kind == "irregular" && !(row.NonEmpty == 1 && IsNoteLike(row)) && !LayoutAnalyzer.IsNoteText(row.Text))
            {
                throw Ragged(row, last: row.Line == lastLine);
            }
            _skipped.Add(new SkippedRow(row.Line, kind == "blank" ? "blank" : "note", Shorten(row.Text)));
            _clean = false;
        }
        _pending.Clear();
    }

    private static bool IsNoteLike(HeldRow row)
    {
        var text = row.Text;
        var traits = default(ColumnTraits);
        return text.Length > 0 && ValueClassifier.Classify(text, ref traits) == TypeMask.None;
    }

    private IngestException Ragged(HeldRow row, bool last) => new(
        "ragged-row",
        $"Line {row.Line} has {row.Width} fields but the table has {_layout.Width} columns" + (last ? ": the file looks truncated." : "."),
        row.Line);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>One row, either straight from the reader or held as strings.</summary>
    private readonly ref struct RowView
    {
        private readonly SepReader.Row _row;
        private readonly string[]? _cells;

        public RowView(SepReader.Row row)
        {
            _row = row;
            _cells = null;
            Count = row.ColCount;
        }

        public RowView(string[] cells)
        {
            _row = default;
            _cells = cells;
            Count = cells.Length;
        }

        public int Count { get; }

        public ReadOnlySpan<char> this[int index] => _cells is not null ? (index < _cells.Length ? _cells[index] : "") : index < Count ? _row[index].Span : "";

        public HeldRow Hold(long line)
        {
            var cells = new string[Count];
            for (var i = 0; i < Count; i++)
            {
                cells[i] = this[i].ToString();
            }
            return new HeldRow(cells, line);
        }
    }

    /// <summary>Writes data rows as RFC 4180 CSV with a comma, quoting only where needed.</summary>
    private sealed class CsvRowWriter(string path, int width) : IDisposable
    {
        private readonly StreamWriter _writer = new(path, false, new System.Text.UTF8Encoding(false), 1 << 16);

        public void Write(RowView row)
        {
            for (var i = 0; i < width; i++)
            {
                if (i > 0)
                {
                    _writer.Write(',');
                }
                var value = row[i];
                if (value.ContainsAny(",\"\r\n"))
                {
                    _writer.Write('"');
                    foreach (var c in value)
                    {
                        if (c == '"')
                        {
                            _writer.Write('"');
                        }
                        _writer.Write(c);
                    }
                    _writer.Write('"');
                }
                else
                {
                    _writer.Write(value);
                }
            }
            _writer.Write('\n');
        }

        public void Dispose() => _writer.Dispose();
    }
}
