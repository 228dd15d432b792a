namespace Agora.Privacy.Anonymization;

/// <summary>
/// Finds the lattice node (one generalization level per quasi-identifier) with the least information loss among
/// those meeting the criteria, without evaluating every node:
/// <list type="bullet">
/// <item>Nodes are visited in increasing order of a lower bound of their loss (the loss with nothing suppressed,
/// a sum of per-attribute tables), and the search stops once the bound reaches the best loss found: no later node can win.</item>
/// <item>When the criteria are monotone (k-anonymity and distinct ℓ-diversity always, entropy ℓ-diversity and
/// t-closeness without suppression), a node whose status is unknown is settled as Flash does: a path is built from it
/// towards the top and binary-searched for its lowest satisfying node; every node below a failing node is marked failing
/// and every node above a satisfying one satisfying, without evaluating them.</item>
/// <item>Classes of a node are rolled up from the classes of an already evaluated, more specific node.</item>
/// </list>
/// </summary>
internal sealed class LatticeSearch
{
    private const int MaxLatticeSize = 20_000_000;
    private const int CacheEntries = 16_000_000;
    private const byte Unknown = 0;
    private const byte Satisfied = 1;
    private const byte Failed = 2;

    private readonly EncodedData _d;
    private readonly NodeEvaluator _evaluator;
    private readonly bool _monotone;
    private readonly bool _exhaustive;
    private readonly bool _noSuppression;
    private readonly int _m;
    private readonly int[] _heights;
    private readonly int[] _mult;
    private readonly int _size;
    private readonly double[] _lb;
    private readonly byte[] _status;
    private readonly double[] _penaltyBound;
    private readonly Dictionary<int, NodeOutcome> _results = [];
    private readonly List<ClassList> _cache = [];
    private long _cached;
    private int _pruned;

    public LatticeSearch(EncodedData data, NodeEvaluator evaluator, AnonymizationConfig config)
    {
        _d = data;
        _evaluator = evaluator;
        _exhaustive = config.Exhaustive;
        _noSuppression = evaluator.MaxOutliers == 0;
        var entropyL = config.LDiversity is { Variant: LDiversityVariant.Entropy };
        _monotone = _noSuppression || !(entropyL || config.TCloseness is not null);
        _m = data.M;
        _heights = data.Heights;
        _mult = new int[_m];
        long size = 1;
        for (var q = _m - 1; q >= 0; q--)
        {
            _mult[q] = (int)Math.Min(size, int.MaxValue);
            size *= _heights[q];
            if (size > MaxLatticeSize)
            {
                throw PrivacyInputException.Failure($"The generalization lattice has more than {MaxLatticeSize:N0} nodes; use fewer quasi-identifiers or shorter hierarchies.");
            }
        }

        _size = (int)size;
        _lb = new double[_size];
        _status = new byte[_size];
        _penaltyBound = new double[_size];
        var levels = new int[_m];
        for (var i = 0; i < _size; i++)
        {
            Decode(i, levels);
            _lb[i] = evaluator.LowerBound(levels);
        }
    }

    public long LatticeSize => _size;

    public int Evaluated => _results.Count;

    public int Pruned => _pruned;

    public int SkippedByBound { get; private set; }

    public long SourceTotal { get; private set; }

    public long BoundVisits { get; private set; }

    public long EvaluateTicks { get; private set; }

    public int SatisfiedEvaluations { get; private set; }

    public bool Monotone => _monotone;

    /// <summary>The best node and its outcome, or null when no node meets the criteria.</summary>
    public (int[] Levels, NodeOutcome Outcome)? Run()
    {
        var order = Enumerable.Range(0, _size).ToArray();
        var keys = new (double, int, int)[_size];
        var levels = new int[_m];
        for (var i = 0; i < _size; i++)
        {
            Decode(i, levels);
            keys[i] = (_lb[i], levels.Sum(), i);
        }

        Array.Sort(keys, order);
        var best = double.PositiveInfinity;
        var bestNode = -1;
        for (var position = 0; position < order.Length; position++)
        {
            var x = order[position];
            if (!_exhaustive && _lb[x] >= best - Tolerance(best))
            {
                SkippedByBound = order.Length - position;
                break;
            }

            if (!_exhaustive && _monotone && _lb[x] + _penaltyBound[x] >= best - Tolerance(best))
            {
                // A more general node already suppresses records that x would suppress too, at a higher cost each.
                _pruned++;
                continue;
            }

            if (!_results.TryGetValue(x, out var outcome))
            {
                if (!_exhaustive && _monotone)
                {
                    if (_status[x] == Failed)
                    {
                        _pruned++;
                        continue;
                    }

                    if (_status[x] == Unknown)
                    {
                        Resolve(x);
                        if (_status[x] == Failed)
                        {
                            continue;
                        }
                    }

                    if (_status[x] == Satisfied && _noSuppression && !_results.ContainsKey(x))
                    {
                        // Without suppression a satisfying node loses exactly its lower bound.
                        _pruned++;
                        outcome = new NodeOutcome(true, _lb[x], 0, 0);
                        Consider(x, outcome, ref best, ref bestNode);
                        continue;
                    }
                }

                outcome = _results.TryGetValue(x, out var known) ? known : EvaluateNode(x);
            }

            Consider(x, outcome, ref best, ref bestNode);
        }

        if (bestNode < 0)
        {
            return null;
        }

        var bestLevels = new int[_m];
        Decode(bestNode, bestLevels);
        var final = _results.TryGetValue(bestNode, out var r) ? r : EvaluateNode(bestNode);
        return (bestLevels, final);
    }

    private static void Consider(int x, NodeOutcome outcome, ref double best, ref int bestNode)
    {
        if (outcome.Satisfied && outcome.Loss < best - Tolerance(best))
        {
            best = outcome.Loss;
            bestNode = x;
        }
    }

    private static double Tolerance(double best) => double.IsInfinity(best) ? 0 : 1e-9 * Math.Max(1, Math.Abs(best));

    /// <summary>Settles the status of x by a binary search on a path from x towards the top (Flash).</summary>
    private void Resolve(int x)
    {
        var path = new List<int> { x };
        var current = x;
        var levels = new int[_m];
        while (true)
        {
            Decode(current, levels);
            var next = -1;
            for (var q = 0; q < _m; q++)
            {
                if (levels[q] + 1 < _heights[q])
                {
                    // The cheapest step keeps the path where the remaining candidates are (low loss); tried against
                    // the dearest, first and last step on adult, this evaluates the fewest nodes.
                    var candidate = current + _mult[q];
                    if (next < 0 || _lb[candidate] < _lb[next])
                    {
                        next = candidate;
                    }
                }
            }

            if (next < 0)
            {
                break;
            }

            path.Add(next);
            current = next;
            if (_status[next] == Satisfied)
            {
                break;
            }
        }

        var hi = path.Count - 1;
        if (_status[path[hi]] != Satisfied)
        {
            if (!EvaluateNode(path[hi]).Satisfied)
            {
                return;
            }
        }

        var lo = 0;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            var status = _status[path[mid]];
            if (status == Unknown)
            {
                status = EvaluateNode(path[mid]).Satisfied ? Satisfied : Failed;
            }

            if (status == Satisfied)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
    }

    private NodeOutcome EvaluateNode(int x)
    {
        var levels = new int[_m];
        Decode(x, levels);
        var source = _evaluator.Base;
        if (!_evaluator.NeedsSensitive)
        {
            foreach (var candidate in _cache)
            {
                if (candidate.Length < source.Length && IsSpecialization(candidate.Levels, levels))
                {
                    source = candidate;
                }
            }
        }

        SourceTotal += source.Length;
        var keep = !_evaluator.NeedsSensitive;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = _evaluator.Evaluate(levels, source, keep, earlyExit: true, out var classes);
        EvaluateTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        if (outcome.Satisfied)
        {
            SatisfiedEvaluations++;
        }
        _results[x] = outcome;
        if (classes is not null && classes.Length < _d.G)
        {
            Remember(classes);
        }

        if (_monotone && !_exhaustive)
        {
            if (outcome.Satisfied)
            {
                Mark(x, Satisfied);
                BoundBelow(x, outcome.Loss - _lb[x]);
            }
            else
            {
                Mark(x, Failed);
            }
        }
        else
        {
            _status[x] = outcome.Satisfied ? Satisfied : Failed;
        }

        return outcome;
    }

    /// <summary>
    /// Records that every node below x suppresses at least what x suppresses, each record at no lower cost
    /// (outliers only shrink when generalizing, and the per-record suppression cost falls with the level),
    /// so its loss is at least its lower bound plus x's suppression cost.
    /// </summary>
    private void BoundBelow(int x, double penalty)
    {
        if (penalty <= 0 || _penaltyBound[x] >= penalty)
        {
            return;
        }

        var stack = new Stack<int>();
        _penaltyBound[x] = penalty;
        stack.Push(x);
        var levels = new int[_m];
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            Decode(node, levels);
            for (var q = 0; q < _m; q++)
            {
                if (levels[q] > 0)
                {
                    var below = node - _mult[q];
                    if (_penaltyBound[below] < penalty)
                    {
                        BoundVisits++;
                        _penaltyBound[below] = penalty;
                        stack.Push(below);
                    }
                }
            }
        }
    }

    private void Remember(ClassList classes)
    {
        _cache.Add(classes);
        _cached += classes.Length;
        while (_cached > CacheEntries || _cache.Count > 4096)
        {
            _cached -= _cache[0].Length;
            _cache.RemoveAt(0);
        }
    }

    /// <summary>Marks x and, by monotonicity, all nodes above it (satisfied) or below it (failed).</summary>
    private void Mark(int x, byte status)
    {
        var stack = new Stack<int>();
        _status[x] = status;
        stack.Push(x);
        var levels = new int[_m];
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            Decode(node, levels);
            for (var q = 0; q < _m; q++)
            {
                var up = status == Satisfied;
                if (up ? levels[q] + 1 < _heights[q] : levels[q] > 0)
                {
                    var neighbour = up ? node + _mult[q] : node - _mult[q];
                    if (_status[neighbour] != status)
                    {
                        _status[neighbour] = status;
                        stack.Push(neighbour);
                    }
                }
            }
        }
    }

    private static bool IsSpecialization(int[] lower, int[] upper)
    {
        for (var q = 0; q < lower.Length; q++)
        {
            if (lower[q] > upper[q])
            {
                return false;
            }
        }

        return true;
    }

    private void Decode(int index, int[] levels)
    {
        for (var q = 0; q < _m; q++)
        {
            levels[q] = index / _mult[q] % _heights[q];
        }
    }
}
