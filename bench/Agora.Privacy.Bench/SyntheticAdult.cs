using Agora.Privacy.Data;

namespace Agora.Privacy.Bench;

/// <summary>Makes a larger table with adult's distributions: resampled records with each attribute redrawn from its marginal with probability 0.2.</summary>
internal static class SyntheticAdult
{
    public static DataTable Generate(DataTable adult, int records, int seed, double redraw = 0.2)
    {
        var random = new Random(seed);
        var n = adult.RowCount;
        var columns = new string[adult.ColumnCount][];
        for (var c = 0; c < adult.ColumnCount; c++)
        {
            columns[c] = new string[records];
        }

        for (var r = 0; r < records; r++)
        {
            var template = random.Next(n);
            for (var c = 0; c < adult.ColumnCount; c++)
            {
                // A draw from the marginal is the value of a random record.
                var source = random.NextDouble() < redraw ? random.Next(n) : template;
                columns[c][r] = adult.Column(c)[source];
            }
        }

        return new DataTable(adult.ColumnNames, columns);
    }
}
