namespace Agora.Tables.Sql;

/// <summary>A SQL query the engine will not run, and why (<see cref="Code"/> is stable, kebab-case).</summary>
internal sealed class SqlRefusedException(string code, string message, int? status = null) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status ?? 400;
}
