using System.Globalization;
using System.Runtime.InteropServices;
using Agora.Privacy.Data;
using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Anonymization;

/// <summary>
/// The data as the lattice search sees it: quasi-identifier values as dense ids, their generalization at every level
/// as lookup tables, records collapsed into distinct tuples ("base groups"), and the per-level loss tables.
/// </summary>
internal sealed class EncodedData
{
    private EncodedData()
    {
    }

    public int Records { get; private init; }

    public int M { get; private init; }

    public string[] QiNames { get; private init; } = [];

    public Hierarchy[] Hierarchies { get; private init; } = [];

    public int[] Heights { get; private init; } = [];

    /// <summary>Gen[q][l][v]: label id at level l of data value v of quasi-identifier q.</summary>
    public int[][][] Gen { get; private init; } = [];

    /// <summary>Labels[q][l][id]: the text of a label.</summary>
    public string[][][] Labels { get; private init; } = [];

    /// <summary>Number of base groups (distinct quasi-identifier tuples).</summary>
    public int G { get; private init; }

    /// <summary>GroupTuple[g * M + q]: data value id of quasi-identifier q in base group g.</summary>
    public int[] GroupTuple { get; private init; } = [];

    public int[] GroupCount { get; private init; } = [];

    public int[] RecordGroup { get; private init; } = [];

    /// <summary>Number of distinct sensitive values (0 without a sensitive attribute).</summary>
    public int S { get; private init; }

    /// <summary>Sensitive entries of base group g: indices GsStart[g] .. GsStart[g+1]-1 into GsValue (rank) and GsCount.</summary>
    public int[] GsStart { get; private init; } = [];

    public int[] GsValue { get; private init; } = [];

    public int[] GsCount { get; private init; } = [];

    /// <summary>Overall distribution of the sensitive values, by rank.</summary>
    public double[] Overall { get; private init; } = [];

    public bool SensitiveIsNumeric { get; private init; }

    /// <summary>LevelLoss[q][l]: loss of generalizing q to level l with nothing suppressed (a lower bound for any node using level l).</summary>
    public double[][] LevelLoss { get; private init; } = [];

    /// <summary>Penalty[q][l][label]: extra loss per record when a record with that label is suppressed.</summary>
    public double[][][] Penalty { get; private init; } = [];

    /// <summary>Loss of suppressing everything (the normaliser for relative loss).</summary>
    public double MaxLoss { get; private init; }

    public static EncodedData Build(DataTable table, AnonymizationConfig config)
    {
        var n = table.RowCount;
        var qis = config.QuasiIdentifiers;
        var m = qis.Count;
        var hierarchies = new Hierarchy[m];
        var gen = new int[m][][];
        var labels = new string[m][][];
        var valueIds = new int[m][];
        var valueCards = new int[m];
        var heights = new int[m];
        var leaves = new int[m][][];
        for (var q = 0; q < m; q++)
        {
            var name = qis[q];
            var column = table.Column(table.RequireColumn(name, "--qi"));
            if (!config.Hierarchies.TryGetValue(name, out var hierarchy))
            {
                throw PrivacyInputException.Usage($"No hierarchy for quasi-identifier '{name}'; add a file named <anything>_hierarchy_{name}.csv.", table.SourceFile, name);
            }

            hierarchies[q] = hierarchy;
            heights[q] = hierarchy.Height;
            valueIds[q] = TupleGrouping.Encode(column, out var distinct);
            valueCards[q] = distinct.Length;
            var rowOfValue = new int[distinct.Length];
            for (var v = 0; v < distinct.Length; v++)
            {
                if (!hierarchy.TryGetRow(distinct[v], out rowOfValue[v]))
                {
                    var firstRow = Array.IndexOf(column, distinct[v]) + 1;
                    throw PrivacyInputException.Failure(
                        $"{table.SourceFile ?? "input"} row {firstRow.ToString(CultureInfo.InvariantCulture)}, column '{name}': value '{distinct[v]}' is not in the hierarchy {hierarchy.Source}.",
                        table.SourceFile,
                        firstRow,
                        name);
                }
            }

            gen[q] = new int[hierarchy.Height][];
            labels[q] = new string[hierarchy.Height][];
            leaves[q] = new int[hierarchy.Height][];
            for (var l = 0; l < hierarchy.Height; l++)
            {
                var ids = new Dictionary<string, int>(StringComparer.Ordinal);
                var list = new List<string>();
                var map = new int[distinct.Length];
                for (var v = 0; v < distinct.Length; v++)
                {
                    var label = hierarchy.Row(rowOfValue[v])[l];
                    ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, label, out var exists);
                    if (!exists)
                    {
                        slot = list.Count;
                        list.Add(label);
                    }

                    map[v] = slot;
                }

                gen[q][l] = map;
                labels[q][l] = list.ToArray();

                // Leaves under each label over the hierarchy's whole domain (for the loss metric).
                var leafCount = new int[list.Count];
                foreach (var row in hierarchy.Rows)
                {
                    if (ids.TryGetValue(row[l], out var id))
                    {
                        leafCount[id]++;
                    }
                }

                leaves[q][l] = leafCount;
            }
        }

        var recordGroup = TupleGrouping.Group(valueIds, valueCards, n, out var groupCount);
        var g = groupCount.Length;
        var groupTuple = new int[g * m];
        var seen = new bool[g];
        for (var r = 0; r < n; r++)
        {
            var grp = recordGroup[r];
            if (!seen[grp])
            {
                seen[grp] = true;
                for (var q = 0; q < m; q++)
                {
                    groupTuple[(grp * m) + q] = valueIds[q][r];
                }
            }
        }

        var (levelLoss, penalty, maxLoss) = config.Metric == LossMetric.NonUniformEntropy
            ? EntropyTables(n, m, valueIds, valueCards, gen)
            : LossTables(n, m, valueIds, valueCards, gen, leaves, hierarchies);

        var data = new EncodedData
        {
            Records = n,
            M = m,
            QiNames = qis.ToArray(),
            Hierarchies = hierarchies,
            Heights = heights,
            Gen = gen,
            Labels = labels,
            G = g,
            GroupTuple = groupTuple,
            GroupCount = groupCount,
            RecordGroup = recordGroup,
            LevelLoss = levelLoss,
            Penalty = penalty,
            MaxLoss = maxLoss,
        };

        return config.SensitiveAttribute is null || (config.LDiversity is null && config.TCloseness is null)
            ? data
            : WithSensitive(data, table, config.SensitiveAttribute);
    }

    private static EncodedData WithSensitive(EncodedData data, DataTable table, string sensitive)
    {
        var column = table.Column(table.RequireColumn(sensitive, "--sensitive"));
        var ids = TupleGrouping.Encode(column, out var distinct);

        // Order values for the ordered distance: numerically when every value is a number, else by text.
        var numeric = distinct.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var order = Enumerable.Range(0, distinct.Length).ToArray();
        if (numeric)
        {
            Array.Sort(order, (a, b) => double.Parse(distinct[a], CultureInfo.InvariantCulture).CompareTo(double.Parse(distinct[b], CultureInfo.InvariantCulture)));
        }
        else
        {
            Array.Sort(order, (a, b) => string.CompareOrdinal(distinct[a], distinct[b]));
        }

        var rank = new int[distinct.Length];
        for (var i = 0; i < order.Length; i++)
        {
            rank[order[i]] = i;
        }

        var overall = new double[distinct.Length];
        var perGroup = new Dictionary<long, int>();
        for (var r = 0; r < data.Records; r++)
        {
            var s = rank[ids[r]];
            overall[s]++;
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(perGroup, ((long)data.RecordGroup[r] * distinct.Length) + s, out _);
            slot++;
        }

        for (var s = 0; s < overall.Length; s++)
        {
            overall[s] /= Math.Max(1, data.Records);
        }

        var entries = perGroup.OrderBy(e => e.Key).ToArray();
        var start = new int[data.G + 1];
        var values = new int[entries.Length];
        var counts = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var grp = (int)(entries[i].Key / distinct.Length);
            values[i] = (int)(entries[i].Key % distinct.Length);
            counts[i] = entries[i].Value;
            start[grp + 1]++;
        }

        for (var i = 0; i < data.G; i++)
        {
            start[i + 1] += start[i];
        }

        return new EncodedData
        {
            Records = data.Records,
            M = data.M,
            QiNames = data.QiNames,
            Hierarchies = data.Hierarchies,
            Heights = data.Heights,
            Gen = data.Gen,
            Labels = data.Labels,
            G = data.G,
            GroupTuple = data.GroupTuple,
            GroupCount = data.GroupCount,
            RecordGroup = data.RecordGroup,
            LevelLoss = data.LevelLoss,
            Penalty = data.Penalty,
            MaxLoss = data.MaxLoss,
            S = distinct.Length,
            GsStart = start,
            GsValue = values,
            GsCount = counts,
            Overall = overall,
            SensitiveIsNumeric = numeric,
        };
    }

    /// <summary>
    /// Non-uniform entropy: a record with value v generalized to label g costs log2(f(g) / f(v)); suppressed it costs
    /// log2(N / f(v)), so suppressing adds log2(N / f(g)), which depends on the label only.
    /// </summary>
    private static (double[][], double[][][], double) EntropyTables(int n, int m, int[][] valueIds, int[] cards, int[][][] gen)
    {
        var levelLoss = new double[m][];
        var penalty = new double[m][][];
        double max = 0;
        for (var q = 0; q < m; q++)
        {
            var freq = new double[cards[q]];
            foreach (var v in valueIds[q])
            {
                freq[v]++;
            }

            var heights = gen[q].Length;
            levelLoss[q] = new double[heights];
            penalty[q] = new double[heights][];
            for (var l = 0; l < heights; l++)
            {
                var map = gen[q][l];
                var labelFreq = new double[map.Length == 0 ? 0 : map.Max() + 1];
                for (var v = 0; v < freq.Length; v++)
                {
                    labelFreq[map[v]] += freq[v];
                }

                double loss = 0;
                for (var v = 0; v < freq.Length; v++)
                {
                    loss += freq[v] * Math.Log2(labelFreq[map[v]] / freq[v]);
                }

                levelLoss[q][l] = loss;
                penalty[q][l] = labelFreq.Select(f => f > 0 ? Math.Log2(n / f) : 0).ToArray();
            }

            for (var v = 0; v < freq.Length; v++)
            {
                max += freq[v] * Math.Log2(n / freq[v]);
            }
        }

        return (levelLoss, penalty, max);
    }

    /// <summary>Iyengar's loss: a label covering k of the D leaves of its hierarchy costs (k − 1) / (D − 1); suppressed, 1.</summary>
    private static (double[][], double[][][], double) LossTables(int n, int m, int[][] valueIds, int[] cards, int[][][] gen, int[][][] leaves, Hierarchy[] hierarchies)
    {
        var levelLoss = new double[m][];
        var penalty = new double[m][][];
        for (var q = 0; q < m; q++)
        {
            var freq = new double[cards[q]];
            foreach (var v in valueIds[q])
            {
                freq[v]++;
            }

            var domain = hierarchies[q].DomainSize;
            var heights = gen[q].Length;
            levelLoss[q] = new double[heights];
            penalty[q] = new double[heights][];
            for (var l = 0; l < heights; l++)
            {
                var cost = leaves[q][l].Select(k => domain <= 1 ? 0 : (k - 1) / (double)(domain - 1)).ToArray();
                double loss = 0;
                for (var v = 0; v < freq.Length; v++)
                {
                    loss += freq[v] * cost[gen[q][l][v]];
                }

                levelLoss[q][l] = loss;
                penalty[q][l] = cost.Select(c => 1 - c).ToArray();
            }
        }

        return (levelLoss, penalty, (double)n * m);
    }
}
