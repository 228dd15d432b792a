using System.Numerics;

namespace Agora.Privacy.Detection;

/// <summary>Counts, for one column, how many values carry each <see cref="ValueFlags"/> bit.</summary>
internal sealed class ColumnAccumulator
{
    private const int DistinctCap = 10_000;
    private const int ExampleCount = 3;
    private readonly HashSet<int> _distinct = [];
    private readonly bool[] _years = new bool[256];

    public ColumnAccumulator(string name, int index)
    {
        Name = name;
        Index = index;
    }

    public string Name { get; }

    public int Index { get; }

    public long Rows { get; private set; }

    public long NonEmpty { get; private set; }

    public long[] FlagCounts { get; } = new long[ValueFlagCount.Bits];

    public List<string> Examples { get; } = [];

    public long Distinct => _distinct.Count;

    public bool DistinctCapped => _distinct.Count >= DistinctCap;

    public int DistinctYears { get; private set; }

    public int MinYear { get; private set; } = int.MaxValue;

    public int MaxYear { get; private set; } = int.MinValue;

    public void Add(ReadOnlySpan<char> value)
    {
        Rows++;
        var trimmed = value.Trim();
        if (trimmed.IsEmpty || (trimmed.Length <= 4 && IsNullWord(trimmed)))
        {
            return;
        }

        NonEmpty++;
        if (_distinct.Count < DistinctCap && _distinct.Add(string.GetHashCode(trimmed)) && Examples.Count < ExampleCount)
        {
            Examples.Add(trimmed.ToString());
        }

        var flags = (ulong)ValueClassifier.Classify(trimmed, out var year);
        while (flags != 0)
        {
            var bit = BitOperations.TrailingZeroCount(flags);
            FlagCounts[bit]++;
            flags &= flags - 1;
        }

        if (year >= 1900 && year < 1900 + _years.Length)
        {
            if (!_years[year - 1900])
            {
                _years[year - 1900] = true;
                DistinctYears++;
            }

            MinYear = Math.Min(MinYear, year);
            MaxYear = Math.Max(MaxYear, year);
        }
    }

    public long Count(ValueFlags flag) => FlagCounts[BitOperations.TrailingZeroCount((ulong)flag)];

    /// <summary>Placeholders that mean 'no value' in exported government data.</summary>
    private static bool IsNullWord(ReadOnlySpan<char> v) =>
        v.Length <= 4 && (v.Equals("null", StringComparison.OrdinalIgnoreCase) || v.Equals("NA", StringComparison.OrdinalIgnoreCase)
            || v.Equals("N/A", StringComparison.OrdinalIgnoreCase) || v.Equals("-", StringComparison.Ordinal) || v.Equals("无", StringComparison.Ordinal)
            || v.Equals("/", StringComparison.Ordinal) || v.Equals("?", StringComparison.Ordinal) || v.Equals("——", StringComparison.Ordinal));
}
