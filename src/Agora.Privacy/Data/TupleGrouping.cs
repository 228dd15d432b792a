using System.Runtime.InteropServices;

namespace Agora.Privacy.Data;

/// <summary>Groups rows that are equal on several dictionary-encoded columns.</summary>
internal static class TupleGrouping
{
    /// <summary>Dense ids for the distinct values of a column, in order of first appearance.</summary>
    public static int[] Encode(string[] column, out string[] distinct)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new int[column.Length];
        var values = new List<string>();
        for (var r = 0; r < column.Length; r++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, column[r], out var exists);
            if (!exists)
            {
                slot = values.Count;
                values.Add(column[r]);
            }

            ids[r] = slot;
        }

        distinct = values.ToArray();
        return ids;
    }

    /// <summary>
    /// Returns the group of every row (dense, in order of first appearance) and the group sizes. Columns are folded
    /// pairwise when the product of their cardinalities would overflow a 64-bit key.
    /// </summary>
    public static int[] Group(IReadOnlyList<int[]> ids, IReadOnlyList<int> cardinalities, int rows, out int[] counts)
    {
        if (ids.Count == 0)
        {
            counts = rows == 0 ? [] : [rows];
            return new int[rows];
        }

        var current = ids[0];
        long currentCard = cardinalities[0];
        var c = 1;
        while (c < ids.Count)
        {
            // Fold as many columns as fit into one 64-bit key, then compact to dense group ids.
            var keys = new long[rows];
            for (var r = 0; r < rows; r++)
            {
                keys[r] = current[r];
            }

            var product = currentCard;
            while (c < ids.Count && product <= long.MaxValue / Math.Max(1, cardinalities[c]))
            {
                var col = ids[c];
                long card = cardinalities[c];
                for (var r = 0; r < rows; r++)
                {
                    keys[r] = (keys[r] * card) + col[r];
                }

                product *= card;
                c++;
            }

            current = Compact(keys, out var groups);
            currentCard = groups;
        }

        if (ids.Count == 1)
        {
            current = (int[])current.Clone();
            var keys = new long[rows];
            for (var r = 0; r < rows; r++)
            {
                keys[r] = current[r];
            }

            current = Compact(keys, out _);
        }

        counts = new int[rows == 0 ? 0 : current.Max() + 1];
        foreach (var g in current)
        {
            counts[g]++;
        }

        return current;
    }

    private static int[] Compact(long[] keys, out int groups)
    {
        var map = new Dictionary<long, int>();
        var result = new int[keys.Length];
        for (var r = 0; r < keys.Length; r++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, keys[r], out var exists);
            if (!exists)
            {
                slot = map.Count - 1;
            }

            result[r] = slot;
        }

        groups = map.Count;
        return result;
    }
}
