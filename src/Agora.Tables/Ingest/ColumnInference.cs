namespace Agora.Tables.Ingest;

/// <summary>What one column's values have shown so far: which types all of them fit, and how they are written.</summary>
internal sealed class ColumnInference(string name, ColumnType? forced)
{
    private TypeMask _mask = TypeMask.All;
    private ColumnTraits _traits;

    public string Name { get; } = name;

    public ColumnType? Forced { get; } = forced;

    public long NonNull { get; private set; }

    public ColumnTraits Traits => _traits;

    public void Add(ReadOnlySpan<char> raw, long line)
    {
        if (ValueClassifier.IsNullToken(raw))
        {
            return;
        }
        NonNull++;
        if (_mask == TypeMask.None && Forced is null or ColumnType.Text)
        {
            return;
        }
        var value = raw.Trim();
        if (value.Length != raw.Length)
        {
            _traits.Padded = true;
            if (value.IsEmpty)
            {
                return;
            }
        }
        var mask = ValueClassifier.Classify(value, ref _traits);
        _mask &= mask;
        if (Forced is { } type && type != ColumnType.Text && (mask & Bit(type)) == 0)
        {
            throw new IngestException(
                "type-mismatch",
                $"Line {line}, column '{Name}': '{Shorten(value)}' is not {Article(type)}, but the schema says the column is {type.ToString().ToLowerInvariant()}.",
                line,
                Name);
        }
    }

    public ColumnType Type
    {
        get
        {
            if (Forced is { } forced)
            {
                return forced;
            }
            if (NonNull == 0 || _mask == TypeMask.None)
            {
                return ColumnType.Text;
            }
            return (_mask & TypeMask.Boolean) != 0 ? ColumnType.Boolean
                : (_mask & TypeMask.Date) != 0 ? ColumnType.Date
                : (_mask & TypeMask.DateTime) != 0 ? ColumnType.DateTime
                : (_mask & TypeMask.YearMonth) != 0 ? ColumnType.YearMonth
                : (_mask & TypeMask.Integer) != 0 ? ColumnType.Integer
                : (_mask & TypeMask.Decimal) != 0 ? ColumnType.Decimal
                : ColumnType.Text;
        }
    }

    /// <summary>How the values were written, for the schema: separators, percent, date spellings.</summary>
    public string? Format => Type switch
    {
        ColumnType.Integer or ColumnType.Decimal => string.Join(", ", new[] { _traits.Thousands ? "thousands-separator" : null, _traits.Percent ? "percent" : null }.OfType<string>()) is { Length: > 0 } f ? f : null,
        ColumnType.Date or ColumnType.DateTime or ColumnType.YearMonth => string.Join(" | ", DateForms.Ids(_traits.DateForms).Select(DateForms.Label)) is { Length: > 0 } d ? d : null,
        _ => null,
    };

    internal static TypeMask Bit(ColumnType type) => type switch
    {
        ColumnType.Integer => TypeMask.Integer,
        ColumnType.Decimal => TypeMask.Decimal,
        ColumnType.Boolean => TypeMask.Boolean,
        ColumnType.Date => TypeMask.Date,
        ColumnType.DateTime => TypeMask.DateTime,
        ColumnType.YearMonth => TypeMask.YearMonth,
        _ => TypeMask.All,
    };

    private static string Article(ColumnType type) => type switch
    {
        ColumnType.Integer => "an integer",
        ColumnType.Decimal => "a number",
        ColumnType.Boolean => "a yes/no value",
        ColumnType.Date => "a date",
        ColumnType.DateTime => "a date and time",
        ColumnType.YearMonth => "a year and month",
        _ => "text",
    };

    internal static string Shorten(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "…");
}
