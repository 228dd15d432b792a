using System.Numerics;
using System.Runtime.InteropServices;

namespace Agora.Privacy.Anonymization;

/// <summary>Equivalence classes of one lattice node: a representative base group and the record count of each class.</summary>
internal sealed class ClassList(int[] levels, int[] rep, int[] count)
{
    public int[] Levels { get; } = levels;

    public int[] Rep { get; } = rep;

    public int[] Count { get; } = count;

    public int Length => Rep.Length;
}

/// <summary>What checking one node found.</summary>
internal readonly record struct NodeOutcome(bool Satisfied, double Loss, int Outliers, int Classes);

/// <summary>
/// Groups the data at a node (rolling up from the classes of a more specific node when it can) and checks
/// k-anonymity, ℓ-diversity and t-closeness with the suppression limit.
/// </summary>
internal sealed class NodeEvaluator
{
    private const int DirectLimit = 1 << 22;
    private readonly EncodedData _d;
    private readonly int _k;
    private readonly int _maxOutliers;
    private readonly LDiversity? _l;
    private readonly double? _t;
    private readonly long[] _slotKey;
    private readonly int[] _slotValue;
    private readonly int[] _slotStamp;
    private int _stamp;
    private readonly Dictionary<Int128, int> _wideMap = [];
    private readonly int[] _classRep;
    private readonly int[] _classCount;
    private readonly long[] _classKey;
    private readonly int[] _classOfGroup;
    private readonly int[] _direct = new int[DirectLimit];
    private readonly int[][] _genAt;
    private readonly double[] _hist;
    private readonly int[] _touched;

    public NodeEvaluator(EncodedData data, AnonymizationConfig config)
    {
        _d = data;
        _k = Math.Max(1, config.K);
        _maxOutliers = (int)Math.Floor((config.SuppressionLimit * data.Records) + 1e-9);
        _l = config.LDiversity;
        _t = config.TCloseness;
        NeedsSensitive = data.S > 0 && (_l is not null || _t is not null);
        _classRep = new int[data.G];
        _classCount = new int[data.G];
        _classKey = new long[data.G];
        _classOfGroup = new int[data.G];
        var capacity = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, data.G * 2)));
        _slotKey = new long[capacity];
        _slotValue = new int[capacity];
        _slotStamp = new int[capacity];
        _genAt = new int[data.M][];
        _hist = new double[data.S];
        _touched = new int[data.S];
        Array.Fill(_direct, -1);
        Base = new ClassList(new int[data.M], Enumerable.Range(0, data.G).ToArray(), data.GroupCount);
    }

    public bool NeedsSensitive { get; }

    public int MaxOutliers => _maxOutliers;

    public ClassList Base { get; }

    public double LowerBound(int[] levels)
    {
        double lb = 0;
        for (var q = 0; q < levels.Length; q++)
        {
            lb += _d.LevelLoss[q][levels[q]];
        }

        return lb;
    }

    /// <summary>Checks a node; when keep is true and the node was fully grouped, returns its classes for roll-up.</summary>
    public NodeOutcome Evaluate(int[] levels, ClassList source, bool keep, bool earlyExit, out ClassList? classes)
    {
        classes = null;
        if (NeedsSensitive)
        {
            source = Base;
        }

        var n = Group(levels, source);
        var outliers = 0;
        double penalty = 0;
        if (NeedsSensitive)
        {
            var bad = SensitiveFailures(n);
            for (var c = 0; c < n; c++)
            {
                if (_classCount[c] < _k || bad[c])
                {
                    outliers += _classCount[c];
                    penalty += _classCount[c] * Penalty(levels, _classRep[c]);
                    if (earlyExit && outliers > _maxOutliers)
                    {
                        return new NodeOutcome(false, double.PositiveInfinity, outliers, n);
                    }
                }
            }
        }
        else
        {
            for (var c = 0; c < n; c++)
            {
                if (_classCount[c] < _k)
                {
                    outliers += _classCount[c];
                    if (earlyExit && outliers > _maxOutliers)
                    {
                        if (keep)
                        {
                            classes = Snapshot(levels, n);
                        }

                        return new NodeOutcome(false, double.PositiveInfinity, outliers, n);
                    }

                    penalty += _classCount[c] * Penalty(levels, _classRep[c]);
                }
            }

            if (keep)
            {
                classes = Snapshot(levels, n);
            }
        }

        var satisfied = outliers <= _maxOutliers;
        return new NodeOutcome(satisfied, satisfied ? LowerBound(levels) + penalty : double.PositiveInfinity, outliers, n);
    }

    /// <summary>Groups every record at a node and says which classes are suppressed, for writing the output.</summary>
    public (int[] ClassOfGroup, bool[] Suppressed, int[] ClassCount) Classify(int[] levels)
    {
        var n = Group(levels, Base);
        var suppressed = new bool[n];
        var bad = NeedsSensitive ? SensitiveFailures(n) : new bool[n];
        for (var c = 0; c < n; c++)
        {
            suppressed[c] = _classCount[c] < _k || bad[c];
        }

        return ((int[])_classOfGroup.Clone(), suppressed, _classCount.AsSpan(0, n).ToArray());
    }

    private ClassList Snapshot(int[] levels, int n) =>
        new((int[])levels.Clone(), _classRep.AsSpan(0, n).ToArray(), _classCount.AsSpan(0, n).ToArray());

    private double Penalty(int[] levels, int group)
    {
        double p = 0;
        var tuple = group * _d.M;
        for (var q = 0; q < levels.Length; q++)
        {
            p += _d.Penalty[q][levels[q]][_genAt[q][_d.GroupTuple[tuple + q]]];
        }

        return p;
    }

    private int Group(int[] levels, ClassList source)
    {
        var m = _d.M;
        Int128 product = 1;
        for (var q = 0; q < m; q++)
        {
            _genAt[q] = _d.Gen[q][levels[q]];
            product *= Math.Max(1, _d.Labels[q][levels[q]].Length);
            if (product > Int128.MaxValue / 1_000_000)
            {
                throw PrivacyInputException.Failure("Too many combinations of quasi-identifier values to group; use fewer quasi-identifiers.");
            }
        }

        var trackGroups = ReferenceEquals(source, Base);
        if (product <= DirectLimit)
        {
            return GroupDirect(levels, source, trackGroups);
        }

        return product <= long.MaxValue
            ? GroupOpenAddressing(levels, source, trackGroups)
            : GroupHashed(levels, source, _wideMap, trackGroups);
    }

    private int GroupDirect(int[] levels, ClassList source, bool trackGroups)
    {
        var m = _d.M;
        Span<long> stride = stackalloc long[m];
        long s = 1;
        for (var q = 0; q < m; q++)
        {
            stride[q] = s;
            s *= Math.Max(1, _d.Labels[q][levels[q]].Length);
        }

        var n = 0;
        var tuples = _d.GroupTuple;
        var reps = source.Rep;
        var counts = source.Count;
        for (var i = 0; i < reps.Length; i++)
        {
            var rep = reps[i];
            var t = rep * m;
            long key = 0;
            for (var q = 0; q < m; q++)
            {
                key += _genAt[q][tuples[t + q]] * stride[q];
            }

            var slot = _direct[key];
            if (slot < 0)
            {
                slot = n++;
                _direct[key] = slot;
                _classKey[slot] = key;
                _classRep[slot] = rep;
                _classCount[slot] = 0;
            }

            _classCount[slot] += counts[i];
            if (trackGroups)
            {
                _classOfGroup[rep] = slot;
            }
        }

        for (var c = 0; c < n; c++)
        {
            _direct[_classKey[c]] = -1;
        }

        return n;
    }

    /// <summary>Linear probing on 64-bit keys; slots are invalidated by a stamp instead of being cleared.</summary>
    private int GroupOpenAddressing(int[] levels, ClassList source, bool trackGroups)
    {
        var m = _d.M;
        Span<long> stride = stackalloc long[m];
        long s = 1;
        for (var q = 0; q < m; q++)
        {
            stride[q] = s;
            s *= Math.Max(1, _d.Labels[q][levels[q]].Length);
        }

        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_slotStamp);
            _stamp = 1;
        }

        var stamp = _stamp;
        var capacity = (int)Math.Min(_slotKey.Length, BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, source.Length * 2)));
        var mask = capacity - 1;
        var shift = 64 - BitOperations.Log2((uint)capacity);
        var n = 0;
        var tuples = _d.GroupTuple;
        var reps = source.Rep;
        var counts = source.Count;
        for (var i = 0; i < reps.Length; i++)
        {
            var rep = reps[i];
            var t = rep * m;
            long key = 0;
            for (var q = 0; q < m; q++)
            {
                key += _genAt[q][tuples[t + q]] * stride[q];
            }

            var h = (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> shift) & mask;
            while (_slotStamp[h] == stamp && _slotKey[h] != key)
            {
                h = (h + 1) & mask;
            }

            int slot;
            if (_slotStamp[h] != stamp)
            {
                _slotStamp[h] = stamp;
                _slotKey[h] = key;
                slot = n++;
                _slotValue[h] = slot;
                _classRep[slot] = rep;
                _classCount[slot] = 0;
            }
            else
            {
                slot = _slotValue[h];
            }

            _classCount[slot] += counts[i];
            if (trackGroups)
            {
                _classOfGroup[rep] = slot;
            }
        }

        return n;
    }

    private int GroupHashed<TKey>(int[] levels, ClassList source, Dictionary<TKey, int> map, bool trackGroups)
        where TKey : struct, IBinaryInteger<TKey>
    {
        var m = _d.M;
        var stride = new TKey[m];
        var s = TKey.One;
        for (var q = 0; q < m; q++)
        {
            stride[q] = s;
            s *= TKey.CreateTruncating(Math.Max(1, _d.Labels[q][levels[q]].Length));
        }

        map.Clear();
        var n = 0;
        var tuples = _d.GroupTuple;
        var reps = source.Rep;
        var counts = source.Count;
        for (var i = 0; i < reps.Length; i++)
        {
            var rep = reps[i];
            var t = rep * m;
            var key = TKey.Zero;
            for (var q = 0; q < m; q++)
            {
                key += TKey.CreateTruncating(_genAt[q][tuples[t + q]]) * stride[q];
            }

            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var exists);
            if (!exists)
            {
                slot = n++;
                _classRep[slot] = rep;
                _classCount[slot] = 0;
            }

            _classCount[slot] += counts[i];
            if (trackGroups)
            {
                _classOfGroup[rep] = slot;
            }
        }

        return n;
    }

    /// <summary>Classes that fail ℓ-diversity or t-closeness; needs the grouping to have started from the base groups.</summary>
    private bool[] SensitiveFailures(int n)
    {
        var bad = new bool[n];
        var start = new int[n + 1];
        for (var g = 0; g < _d.G; g++)
        {
            start[_classOfGroup[g] + 1]++;
        }

        for (var c = 0; c < n; c++)
        {
            start[c + 1] += start[c];
        }

        var members = new int[_d.G];
        var fill = (int[])start.Clone();
        for (var g = 0; g < _d.G; g++)
        {
            members[fill[_classOfGroup[g]]++] = g;
        }

        for (var c = 0; c < n; c++)
        {
            var touched = 0;
            double total = 0;
            for (var i = start[c]; i < start[c + 1]; i++)
            {
                var g = members[i];
                for (var e = _d.GsStart[g]; e < _d.GsStart[g + 1]; e++)
                {
                    var v = _d.GsValue[e];
                    if (_hist[v] == 0)
                    {
                        _touched[touched++] = v;
                    }

                    _hist[v] += _d.GsCount[e];
                    total += _d.GsCount[e];
                }
            }

            bad[c] = !Diverse(touched, total) || !Close(touched, total);
            for (var i = 0; i < touched; i++)
            {
                _hist[_touched[i]] = 0;
            }
        }

        return bad;
    }

    private bool Diverse(int touched, double total)
    {
        if (_l is null)
        {
            return true;
        }

        if (_l.Variant == LDiversityVariant.Distinct)
        {
            return touched >= _l.L - 1e-9;
        }

        double entropy = 0;
        for (var i = 0; i < touched; i++)
        {
            var p = _hist[_touched[i]] / total;
            entropy -= p * Math.Log(p);
        }

        return entropy >= Math.Log(_l.L) - 1e-12;
    }

    private bool Close(int touched, double total)
    {
        if (_t is not { } t)
        {
            return true;
        }

        double emd;
        if (_d.SensitiveIsNumeric)
        {
            // Ordered distance: (1 / (m - 1)) Σ_i |Σ_{j ≤ i} (p_j − q_j)|.
            double cumulative = 0;
            double sum = 0;
            for (var v = 0; v < _d.S; v++)
            {
                cumulative += (_hist[v] / total) - _d.Overall[v];
                sum += Math.Abs(cumulative);
            }

            emd = _d.S <= 1 ? 0 : sum / (_d.S - 1);
        }
        else
        {
            // Equal distance: half the L1 distance between the class and the overall distribution.
            double diff = 0;
            double covered = 0;
            for (var i = 0; i < touched; i++)
            {
                var v = _touched[i];
                diff += Math.Abs((_hist[v] / total) - _d.Overall[v]);
                covered += _d.Overall[v];
            }

            emd = (diff + (1 - covered)) / 2;
        }

        return emd <= t + 1e-12;
    }
}
