namespace Agora.Search.Bench;

/// <summary>Per-query wall times in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<double> values = [];

    public int Count => values.Count;

    public void Add(double milliseconds) => values.Add(milliseconds);

    public double Median => Percentile(50);

    public double P90 => Percentile(90);

    public double P99 => Percentile(99);

    public double Max => values.Count == 0 ? double.NaN : values.Max();

    public double Mean => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
