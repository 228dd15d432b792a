using Agora.Privacy.Data;
using Agora.Privacy.Risk;

namespace Agora.Privacy.Deidentification;

/// <summary>Record suppression after the column transforms: records in classes smaller than K on the quasi-identifiers are removed.</summary>
public sealed record RecordSuppression(IReadOnlyList<string> QuasiIdentifiers, int K);

/// <summary>Transforms per column, then optional record suppression.</summary>
public sealed record DeidentificationPlan(IReadOnlyDictionary<string, ColumnTransform> Columns, RecordSuppression? Suppression = null);

public sealed record DeidentificationResult(DataTable Output, int SuppressedRecords, IReadOnlyDictionary<string, string> Applied);

public static class Deidentifier
{
    public static DeidentificationResult Apply(DataTable table, DeidentificationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var column in plan.Columns.Keys)
        {
            table.RequireColumn(column, "plan");
        }

        var names = new List<string>();
        var columns = new List<string[]>();
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < table.ColumnCount; c++)
        {
            var name = table.ColumnNames[c];
            var transform = plan.Columns.GetValueOrDefault(name) ?? new KeepColumn();
            applied[name] = transform.Kind;
            if (transform is DropColumn)
            {
                continue;
            }

            var source = table.Column(c);
            var target = new string[source.Length];
            for (var r = 0; r < source.Length; r++)
            {
                target[r] = transform.Apply(source[r], name, r + 1);
            }

            names.Add(name);
            columns.Add(target);
        }

        var output = new DataTable(names, columns.ToArray()) { SourceFile = table.SourceFile };
        var suppressed = 0;
        if (plan.Suppression is { } suppression)
        {
            (output, suppressed) = Suppress(output, suppression);
        }

        return new DeidentificationResult(output, suppressed, applied);
    }

    private static (DataTable, int) Suppress(DataTable table, RecordSuppression suppression)
    {
        var qiColumns = suppression.QuasiIdentifiers.Select(q => table.Column(table.RequireColumn(q, "suppression"))).ToArray();
        var groupOf = RiskAnalyzer.GroupRows(qiColumns, table.RowCount, out var counts);
        var keep = Enumerable.Range(0, table.RowCount).Where(r => counts[groupOf[r]] >= suppression.K).ToArray();
        var columns = table.ColumnNames.Select((_, c) => keep.Select(r => table.Column(c)[r]).ToArray()).ToArray();
        return (new DataTable(table.ColumnNames, columns) { SourceFile = table.SourceFile }, table.RowCount - keep.Length);
    }
}
