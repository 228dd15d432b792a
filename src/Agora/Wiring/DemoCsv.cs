using System.Text;
using Agora.Catalog.Model;

namespace Agora.Wiring;

/// <summary>Writes a demo table as a CSV file the way agencies publish them.</summary>
internal static class DemoCsv
{
    public static void Write(string path, DemoTableSpec spec, Dataset dataset, Organization organization, DemoRows rows)
    {
        Encoding encoding = new UTF8Encoding(false);
        var legacy = spec.Style == DemoFileStyle.Gb18030WithTitleAndNote;
        if (legacy)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            encoding = Encoding.GetEncoding("GB18030");
        }

        using var writer = new StreamWriter(path, false, encoding, 1 << 16) { NewLine = legacy ? "\r\n" : "\n" };
        if (legacy)
        {
            // What a spreadsheet exported by an agency looks like: a title above the header, a note under the data.
            writer.WriteLine($"{dataset.TitleZh}（截至2025年12月31日）");
        }

        var width = dataset.Fields.Count;
        writer.WriteLine(string.Join(',', dataset.Fields.Select(f => Quote(f.Name))));
        foreach (var row in spec.Generate(rows))
        {
            if (row.Length != width)
            {
                throw new InvalidOperationException($"The demo generator of {dataset.Identifier} wrote {row.Length} values for {width} fields.");
            }

            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                writer.Write(Quote(row[i]));
            }

            writer.WriteLine();
        }

        if (legacy)
        {
            writer.WriteLine($"注：数据来源于{organization.NameZh}；空白表示无此项；数据仅供演示。");
        }
    }

    private static string Quote(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;
}
