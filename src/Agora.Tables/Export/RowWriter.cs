using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Agora.Tables.Query;

namespace Agora.Tables.Export;

/// <summary>Writes rows in one download format to a <see cref="BufferedBody"/>.</summary>
internal abstract class RowWriter : IDisposable
{
    public static readonly string[] Formats = ["csv", "tsv", "json", "ndjson", "xlsx", "parquet"];

    public static string ContentType(string format) => format switch
    {
        "csv" => "text/csv; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "ndjson" => "application/x-ndjson; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/vnd.apache.parquet",
    };

    public static RowWriter Create(string format, BufferedBody body, IReadOnlyList<OutputColumn> columns, bool bom) => format switch
    {
        "csv" => new DelimitedWriter(body, columns, ',', bom),
        "tsv" => new DelimitedWriter(body, columns, '\t', bom),
        "json" => new JsonWriter(body, columns, lines: false),
        "ndjson" => new JsonWriter(body, columns, lines: true),
        "xlsx" => new XlsxWriter(body, columns),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>False when the format can take no more rows (XLSX stops at its sheet limit).</summary>
    public abstract bool Write(object?[] row);

    public abstract void Complete();

    /// <summary>Pushes what the writer holds into the body, before the body is drained to the response.</summary>
    public abstract void Flush();

    public virtual void Dispose()
    {
    }

    private sealed class DelimitedWriter : RowWriter
    {
        private readonly StreamWriter _writer;
        private readonly IReadOnlyList<OutputColumn> _columns;
        private readonly char _delimiter;

        public DelimitedWriter(BufferedBody body, IReadOnlyList<OutputColumn> columns, char delimiter, bool bom)
        {
            _writer = new StreamWriter(body, new UTF8Encoding(bom), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
            _columns = columns;
            _delimiter = delimiter;
            WriteLine(columns.Select(c => c.Name).ToArray());
        }

        public override bool Write(object?[] row)
        {
            var cells = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                var text = CellText.Format(row[i], _columns[i].Type);
                cells[i] = row[i] is string ? CellText.Neutralize(text) : text;
            }
            WriteLine(cells);
            return true;
        }

        public override void Complete() => _writer.Flush();

        public override void Flush() => _writer.Flush();

        public override void Dispose() => _writer.Dispose();

        private void WriteLine(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0)
                {
                    _writer.Write(_delimiter);
                }
                var cell = cells[i];
                if (cell.AsSpan().IndexOfAny(['"', '\r', '\n', _delimiter]) >= 0)
                {
                    _writer.Write('"');
                    _writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                    _writer.Write('"');
                }
                else
                {
                    _writer.Write(cell);
                }
            }
            _writer.WriteLine();
        }
    }

    private sealed class JsonWriter : RowWriter
    {
        private readonly BufferedBody _body;
        private readonly Utf8JsonWriter _writer;
        private readonly IReadOnlyList<OutputColumn> _columns;
        private readonly JsonEncodedText[] _names;
        private readonly bool _lines;

        public JsonWriter(BufferedBody body, IReadOnlyList<OutputColumn> columns, bool lines)
        {
            _body = body;
            _columns = columns;
            _lines = lines;
            _names = [.. columns.Select(c => JsonEncodedText.Encode(c.Name, TablesJson.Options.Encoder))];
            _writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = TablesJson.Options.Encoder, SkipValidation = lines });
            if (!lines)
            {
                _writer.WriteStartArray();
            }
        }

        public override bool Write(object?[] row)
        {
            _writer.WriteStartObject();
            for (var i = 0; i < row.Length; i++)
            {
                _writer.WritePropertyName(_names[i]);
                JsonCells.Write(_writer, row[i], _columns[i].Type);
            }
            _writer.WriteEndObject();
            if (_lines)
            {
                _writer.Flush();
                _body.WriteByte((byte)'\n');
                _writer.Reset();
            }
            return true;
        }

        public override void Flush() => _writer.Flush();

        public override void Complete()
        {
            if (!_lines)
            {
                _writer.WriteEndArray();
            }
            _writer.Flush();
        }

        public override void Dispose() => _writer.Dispose();
    }

    /// <summary>A minimal streaming XLSX: one sheet of inline strings, numbers, booleans and dates.</summary>
    private sealed class XlsxWriter : RowWriter
    {
        private const int MaxRows = 1_048_576;
        private readonly ZipArchive _zip;
        private readonly StreamWriter _sheet;
        private readonly IReadOnlyList<OutputColumn> _columns;
        private int _rows;

        public XlsxWriter(BufferedBody body, IReadOnlyList<OutputColumn> columns)
        {
            _columns = columns;
            _zip = new ZipArchive(body, ZipArchiveMode.Create, leaveOpen: true);
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Part("xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""");
            _sheet = new StreamWriter(_zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 16 * 1024);
            _sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            Row(columns.Select(c => (object?)c.Name).ToArray(), header: true);
        }

        public override bool Write(object?[] row)
        {
            if (_rows >= MaxRows)
            {
                return false;
            }
            Row(row, header: false);
            return true;
        }

        public override void Flush() => _sheet.Flush();

        public override void Complete()
        {
            _sheet.Write("</sheetData></worksheet>");
            _sheet.Dispose();
            _zip.Dispose();
        }

        public override void Dispose()
        {
            _sheet.Dispose();
            _zip.Dispose();
        }

        private void Part(string name, string content)
        {
            using var writer = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            writer.Write(content);
        }

        private void Row(object?[] cells, bool header)
        {
            _rows++;
            _sheet.Write("<row r=\"");
            _sheet.Write(_rows.ToString(CultureInfo.InvariantCulture));
            _sheet.Write("\">");
            for (var i = 0; i < cells.Length; i++)
            {
                var value = cells[i];
                var type = header ? ColumnType.Text : _columns[i].Type;
                switch (value)
                {
                    case null:
                        _sheet.Write("<c/>");
                        break;
                    case long or int or double or decimal or BigInteger:
                        _sheet.Write("<c><v>");
                        _sheet.Write(CellText.Format(value, type));
                        _sheet.Write("</v></c>");
                        break;
                    case bool b:
                        _sheet.Write(b ? "<c t=\"b\"><v>1</v></c>" : "<c t=\"b\"><v>0</v></c>");
                        break;
                    case DateOnly d:
                        Serial(d.ToDateTime(TimeOnly.MinValue), 1);
                        break;
                    case DateTime t:
                        Serial(t, type == ColumnType.DateTime ? 2 : 1);
                        break;
                    default:
                        var text = CellText.Format(value, type);
                        text = header ? text : CellText.Neutralize(text);
                        _sheet.Write("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                        Escape(text.Length > 32767 ? text[..32767] : text);
                        _sheet.Write("</t></is></c>");
                        break;
                }
            }
            _sheet.Write("</row>");
        }

        private void Serial(DateTime value, int style)
        {
            _sheet.Write("<c s=\"");
            _sheet.Write(style.ToString(CultureInfo.InvariantCulture));
            _sheet.Write("\"><v>");
            _sheet.Write(value.ToOADate().ToString("R", CultureInfo.InvariantCulture));
            _sheet.Write("</v></c>");
        }

        private void Escape(string text)
        {
            foreach (var c in text)
            {
                switch (c)
                {
                    case '&': _sheet.Write("&amp;"); break;
                    case '<': _sheet.Write("&lt;"); break;
                    case '>': _sheet.Write("&gt;"); break;
                    case '\t' or '\n' or '\r': _sheet.Write(c); break;
                    case < ' ' or '\uFFFE' or '\uFFFF': break;
                    default: _sheet.Write(c); break;
                }
            }
        }
    }
}

/// <summary>Cells as JSON values: numbers as numbers, dates as ISO text.</summary>
internal static class JsonCells
{
    public static void Write(Utf8JsonWriter writer, object? value, ColumnType type)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case BigInteger n:
                writer.WriteRawValue(n.ToString(CultureInfo.InvariantCulture));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTime t when type == ColumnType.DateTime:
                writer.WriteStringValue(t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(CellText.Format(value, type));
                break;
        }
    }
}
