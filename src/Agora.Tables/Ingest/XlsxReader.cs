using System.Globalization;
using System.IO.Compression;
using MiniExcelLibs;

namespace Agora.Tables.Ingest;

/// <summary>
/// Reads one sheet of an XLSX workbook into a CSV file for the common scanning pass. Before MiniExcel sees the file,
/// every part of the package is unpacked once with a byte budget, so a zip bomb (or a part whose header lies about
/// its size) is refused without filling memory or disk.
/// </summary>
internal static class XlsxReader
{
    public static string ToCsv(string path, string? sheet, string target, TablesOptions options, CancellationToken cancellationToken)
    {
        CheckPackage(path, options, cancellationToken);
        List<string> sheets;
        try
        {
            sheets = MiniExcel.GetSheetNames(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
        {
            throw new IngestException("invalid-xlsx", $"The workbook cannot be read: {e.Message}");
        }
        if (sheets.Count == 0)
        {
            throw new IngestException("invalid-xlsx", "The workbook has no sheets.");
        }
        var name = sheet ?? sheets[0];
        if (!sheets.Contains(name))
        {
            throw new IngestException("sheet-not-found", $"The workbook has no sheet named '{sheet}'; its sheets are: {string.Join(", ", sheets)}.");
        }
        using var writer = new StreamWriter(target, false, new System.Text.UTF8Encoding(false), 1 << 16);
        var width = -1;
        try
        {
            foreach (var row in MiniExcel.Query(path, useHeaderRow: false, sheetName: name, excelType: ExcelType.XLSX))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var cells = (IDictionary<string, object?>)row;
                if (width < 0)
                {
                    width = cells.Count;
                    if (width > options.MaxColumns)
                    {
                        throw new IngestException("too-many-columns", $"The sheet has {width} columns; at most {options.MaxColumns} are allowed.");
                    }
                }
                var i = 0;
                foreach (var value in cells.Values)
                {
                    if (i++ > 0)
                    {
                        writer.Write(',');
                    }
                    Write(writer, Format(value));
                }
                writer.Write('\n');
            }
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidCastException)
        {
            throw new IngestException("invalid-xlsx", $"Sheet '{name}' cannot be read: {e.Message}");
        }
        return name;
    }

    private static void CheckPackage(string path, TablesOptions options, CancellationToken cancellationToken)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new IngestException("invalid-xlsx", $"The workbook is not a valid zip package (truncated or damaged): {e.Message}");
        }
        using (zip)
        {
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > options.MaxXlsxUncompressedBytes
                    || (entry.Length > (1 << 20) && entry.Length > entry.CompressedLength * options.MaxXlsxCompressionRatio))
                {
                    throw Bomb(entry.FullName, entry.Length, entry.CompressedLength);
                }
                long actual = 0;
                try
                {
                    using var stream = entry.Open();
                    int read;
                    while ((read = stream.Read(buffer)) > 0)
                    {
                        actual += read;
                        total += read;
                        // A part may lie about its size in the zip header: count what it really unpacks to.
                        if (actual > entry.Length || total > options.MaxXlsxUncompressedBytes
                            || (actual > (1 << 20) && actual > Math.Max(1, entry.CompressedLength) * options.MaxXlsxCompressionRatio))
                        {
                            throw Bomb(entry.FullName, actual, entry.CompressedLength);
                        }
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new IngestException("invalid-xlsx", $"Part '{entry.FullName}' of the workbook is damaged or truncated: {e.Message}");
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static IngestException Bomb(string part, long size, long compressed) => new(
        "xlsx-zip-bomb",
        $"Part '{part}' of the workbook unpacks to {size:N0} bytes from {compressed:N0}: refused as a zip bomb.");

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static void Write(TextWriter writer, string value)
    {
        if (value.AsSpan().ContainsAny(",\"\r\n"))
        {
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        else
        {
            writer.Write(value);
        }
    }
}
