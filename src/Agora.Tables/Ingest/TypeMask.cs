namespace Agora.Tables.Ingest;

/// <summary>The types a value (or every value of a column so far) can be read as.</summary>
[Flags]
internal enum TypeMask : byte
{
    None = 0,
    Integer = 1,
    Decimal = 2,
    Boolean = 4,
    Date = 8,
    DateTime = 16,
    YearMonth = 32,
    All = Integer | Decimal | Boolean | Date | DateTime | YearMonth,
}
