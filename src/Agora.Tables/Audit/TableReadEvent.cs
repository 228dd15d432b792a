using System.Security.Claims;
using Agora.Tables.Access;

namespace Agora.Tables.Audit;

public enum ReadPath
{
    RowsApi,
    Sql,
    Download,
    Profile,
}

public enum ReadOutcome
{
    Succeeded,
    Failed,
    Denied,
    Aborted,
}

/// <summary>Who read what: one distribution, one request. A SQL query over several tables reports one event per table.</summary>
/// <param name="Columns">The columns that left the engine (for SQL: the visible columns of the table's view).</param>
/// <param name="RowCount">Rows sent to the caller (for SQL over several tables: the rows of the result).</param>
/// <param name="Bytes">Bytes of the response body.</param>
/// <param name="Query">The query as the caller gave it (Socrata parameters or SQL text).</param>
public sealed record TableReadEvent(
    ClaimsPrincipal User,
    DistributionRef Distribution,
    ReadPath Path,
    IReadOnlyList<string> Columns,
    long RowCount,
    long Bytes,
    ReadOutcome Outcome,
    string RequestId,
    string? Query,
    string? Format,
    DateTimeOffset At,
    string? Error = null);
