using System.Runtime.InteropServices;
using Agora.Privacy.Data;

namespace Agora.Privacy.Risk;

/// <summary>Measures prosecutor, journalist and marketer re-identification risk (El Emam's definitions, as in ARX).</summary>
public static class RiskAnalyzer
{
    public const double DefaultThreshold = 0.2;

    /// <summary>Risk of a table as it is, on the given quasi-identifiers.</summary>
    /// <param name="population">
    /// Optional population table with the same quasi-identifier columns (e.g. a census extract) for journalist risk.
    /// </param>
    public static RiskSummary Analyze(DataTable table, IReadOnlyList<string> quasiIdentifiers, double threshold = DefaultThreshold, DataTable? population = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(quasiIdentifiers);
        var columns = quasiIdentifiers.Select(q => table.Column(table.RequireColumn(q, "--qi"))).ToArray();
        var n = table.RowCount;
        var groupOf = GroupRows(columns, n, out var counts);
        if (n == 0)
        {
            return new RiskSummary(quasiIdentifiers, 0, 0, 0, 0, 0, new RiskMeasure(0, 0, 0), new RiskMeasure(0, 0, 0), 0, threshold, population is not null);
        }

        var classes = counts.Length;
        var smallest = counts.Min();
        double unique = counts.Where(c => c == 1).Sum();
        double atRisk = counts.Where(c => 1.0 / c > threshold).Sum(c => (double)c);
        var prosecutor = new RiskMeasure(1.0 / smallest, (double)classes / n, atRisk / n);

        var journalist = prosecutor;
        var marketer = (double)classes / n;
        if (population is not null)
        {
            var populationSizes = PopulationSizes(table, population, quasiIdentifiers, groupOf, counts);
            double highest = 0;
            double expected = 0;
            double journalistAtRisk = 0;
            for (var j = 0; j < classes; j++)
            {
                var risk = 1.0 / populationSizes[j];
                highest = Math.Max(highest, risk);
                expected += counts[j] * risk;
                if (risk > threshold)
                {
                    journalistAtRisk += counts[j];
                }
            }

            journalist = new RiskMeasure(highest, expected / n, journalistAtRisk / n);
            marketer = expected / n;
        }

        return new RiskSummary(quasiIdentifiers, n, classes, smallest, (double)n / classes, unique / n, prosecutor, journalist, marketer, threshold, population is not null);
    }

    internal static int[] GroupRows(string[][] columns, int rows, out int[] counts)
    {
        var ids = new int[columns.Length][];
        var cards = new int[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            ids[c] = TupleGrouping.Encode(columns[c], out var distinct);
            cards[c] = Math.Max(1, distinct.Length);
        }

        return TupleGrouping.Group(ids, cards, rows, out counts);
    }

    private static int[] PopulationSizes(DataTable sample, DataTable population, IReadOnlyList<string> qis, int[] groupOf, int[] counts)
    {
        var popColumns = qis.Select(q => population.Column(population.RequireColumn(q, "population"))).ToArray();
        var popCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < population.RowCount; r++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(popCounts, Key(popColumns, r), out _);
            slot++;
        }

        var sampleColumns = qis.Select(q => sample.Column(sample.IndexOf(q))).ToArray();
        var sizes = new int[counts.Length];
        for (var r = 0; r < sample.RowCount; r++)
        {
            var j = groupOf[r];
            if (sizes[j] == 0)
            {
                // A sample is part of its population; a class missing there is at least as large as in the sample.
                sizes[j] = Math.Max(counts[j], popCounts.GetValueOrDefault(Key(sampleColumns, r)));
            }
        }

        return sizes;
    }

    private static string Key(string[][] columns, int row) => string.Join('\u001F', columns.Select(c => c[row]));
}
