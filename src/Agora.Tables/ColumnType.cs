namespace Agora.Tables;

/// <summary>The type of a table column, as inferred on ingest or set by the steward.</summary>
public enum ColumnType
{
    Text,
    Integer,
    Decimal,
    Boolean,
    Date,
    DateTime,
    YearMonth,
}
