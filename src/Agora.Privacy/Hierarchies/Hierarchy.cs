namespace Agora.Privacy.Hierarchies;

/// <summary>
/// A generalization hierarchy for one attribute: each original value (level 0) with its generalizations up to the
/// most general level (usually '*'). Every value at a level generalizes to exactly one value at the next level.
/// </summary>
public sealed class Hierarchy
{
    private readonly Dictionary<string, int> _rowOf;
    private readonly string[][] _rows;

    public Hierarchy(string attribute, IReadOnlyList<string[]> rows, string source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw PrivacyInputException.Failure($"{source}: the hierarchy for '{attribute}' has no rows.", source, null, attribute);
        }

        Attribute = attribute;
        Source = source;
        Height = rows[0].Length;
        _rows = new string[rows.Count][];
        _rowOf = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var parents = new Dictionary<string, (string Parent, int Row)>[Math.Max(0, Height - 1)];
        for (var l = 0; l < parents.Length; l++)
        {
            parents[l] = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != Height)
            {
                throw PrivacyInputException.Failure(
                    $"{source} row {r + 1}: {row.Length} levels, but row 1 has {Height}; every value needs the same number of levels.", source, r + 1, attribute);
            }

            if (!_rowOf.TryAdd(row[0], r))
            {
                throw PrivacyInputException.Failure($"{source} row {r + 1}: value '{row[0]}' is listed twice (first on row {_rowOf[row[0]] + 1}).", source, r + 1, attribute);
            }

            for (var l = 0; l + 1 < Height; l++)
            {
                // The lattice search relies on a tree: the label at level l decides the label at level l+1.
                if (parents[l].TryGetValue(row[l], out var known) && !string.Equals(known.Parent, row[l + 1], StringComparison.Ordinal) && l > 0)
                {
                    throw PrivacyInputException.Failure(
                        $"{source} row {r + 1}: '{row[l]}' at level {l} generalizes to '{row[l + 1]}' here but to '{known.Parent}' on row {known.Row + 1}; a hierarchy must be a tree.",
                        source,
                        r + 1,
                        attribute);
                }

                parents[l].TryAdd(row[l], (row[l + 1], r));
            }

            _rows[r] = row;
        }
    }

    public string Attribute { get; }

    /// <summary>File path, or 'automatic:&lt;kind&gt;' for a built hierarchy.</summary>
    public string Source { get; }

    /// <summary>Number of levels including the original values (level 0).</summary>
    public int Height { get; }

    public int MaxLevel => Height - 1;

    public int DomainSize => _rows.Length;

    public IReadOnlyList<string> Row(int index) => _rows[index];

    public bool Contains(string value) => _rowOf.ContainsKey(value);

    public bool TryGetRow(string value, out int row) => _rowOf.TryGetValue(value, out row);

    /// <summary>The label of a value at a level, or null when the value is not in the hierarchy.</summary>
    public string? Generalize(string value, int level)
    {
        if ((uint)level >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"The hierarchy of '{Attribute}' has levels 0 to {MaxLevel}.");
        }

        return _rowOf.TryGetValue(value, out var r) ? _rows[r][level] : null;
    }

    public IEnumerable<string[]> Rows => _rows;
}
