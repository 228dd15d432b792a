using System.Net;

namespace Agora.Tables.Tests;

/// <summary>POST /api/v1/sql: one read-only SELECT over readable tables, checked by DuckDB's own parser.</summary>
public sealed class SqlTests(QueryFixture fixture) : IClassFixture<QueryFixture>
{
    private TablesHost Host => fixture.Host;

    [Fact]
    public async Task Join_over_two_readable_tables()
    {
        var result = await Host.PostSqlAsync($"""
            SELECT r.name, count(*) AS n, round(sum(v.amount), 1) AS total
            FROM "{fixture.Visits}" v JOIN "{fixture.Regions2}" r ON v.region_code = r.code
            GROUP BY r.name ORDER BY r.name
            """);
        Assert.Equal(4, result.GetProperty("rowCount").GetInt32());
        Assert.Equal("n", result.GetProperty("columns")[1].GetProperty("name").GetString());
        Assert.Equal(50, result.GetProperty("rows")[0][1].GetInt64());
        Assert.Equal(2, Host.Audit.Events.Count(e => e.Path == Audit.ReadPath.Sql && e.Query!.Contains("JOIN", StringComparison.Ordinal) && e.RowCount == 4));
    }

    [Fact]
    public async Task Access_holds_inside_sql()
    {
        var rows = await Host.PostSqlAsync($"SELECT count(*), min(region_code), max(region_code) FROM \"{fixture.Visits}\"", "analyst");
        Assert.Equal(50, rows.GetProperty("rows")[0][0].GetInt64());
        Assert.Equal(110101, rows.GetProperty("rows")[0][2].GetInt64());
        var hidden = await Host.PostSqlAsync($"SELECT phone FROM \"{fixture.Visits}\"", "analyst", HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:sql-failed", hidden.GetProperty("type").GetString());
        var forbidden = await Host.PostSqlAsync($"SELECT * FROM \"{fixture.Visits}\"", "stranger", HttpStatusCode.Forbidden);
        Assert.Equal("urn:agora:problem:sql-table-forbidden", forbidden.GetProperty("type").GetString());
        await Host.PostSqlAsync($"SELECT * FROM \"{Guid.NewGuid()}\"", "owner", HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "sql-table-function")]
    [InlineData("SELECT * FROM '/etc/passwd'", "sql-unknown-table")]
    [InlineData("SELECT read_text('/etc/passwd')", "sql-function-not-allowed")]
    [InlineData("SELECT getenv('HOME')", "sql-function-not-allowed")]
    [InlineData("SELECT current_setting('memory_limit')", "sql-function-not-allowed")]
    [InlineData("SELECT * FROM information_schema.tables", "sql-unknown-table")]
    [InlineData("SELECT * FROM duckdb_settings()", "sql-table-function")]
    [InlineData("COPY (SELECT 1) TO '/tmp/x.csv'", "sql-not-select")]
    [InlineData("ATTACH '/tmp/x.db' AS x", "sql-not-select")]
    [InlineData("INSTALL httpfs", "sql-not-select")]
    [InlineData("LOAD httpfs", "sql-not-select")]
    [InlineData("SET enable_external_access = true", "sql-not-select")]
    [InlineData("PRAGMA database_list", "sql-not-select")]
    [InlineData("SELECT 1; SELECT 2", "sql-statements")]
    [InlineData("SELECT 1; DROP TABLE x", "sql-not-select")]
    [InlineData("SELEC 1", "sql-syntax")]
    [InlineData("SELECT * FROM t", "sql-unknown-table")]
    public async Task Refused_with_a_reason(string sql, string code)
    {
        var problem = await Host.PostSqlAsync(sql, "owner", HttpStatusCode.BadRequest);
        Assert.Equal("urn:agora:problem:" + code, problem.GetProperty("type").GetString());
        Assert.Equal("query", problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Ctes_subqueries_and_windows_are_fine()
    {
        var result = await Host.PostSqlAsync($"""
            WITH top AS (SELECT id, amount, row_number() OVER (ORDER BY amount DESC) AS rn FROM "{fixture.Visits}")
            SELECT id FROM top WHERE rn <= 3 AND id IN (SELECT id FROM "{fixture.Visits}" WHERE category = '住院' OR true) ORDER BY rn
            """);
        Assert.Equal(200, result.GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task Row_cap_and_time_limit()
    {
        var capped = await Host.PostSqlAsync($"SELECT id FROM \"{fixture.Visits}\"");
        Assert.True(capped.GetProperty("truncated").GetBoolean());
        Assert.Equal(50, capped.GetProperty("rowCount").GetInt32());
        var slow = await Host.PostSqlAsync(
            $"SELECT count(*) FROM \"{fixture.Visits}\" a, \"{fixture.Visits}\" b, \"{fixture.Visits}\" c, \"{fixture.Visits}\" d, \"{fixture.Visits}\" e WHERE a.id + b.id + c.id + d.id + e.id < 0",
            "owner",
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:agora:problem:sql-timeout", slow.GetProperty("type").GetString());
    }
}
