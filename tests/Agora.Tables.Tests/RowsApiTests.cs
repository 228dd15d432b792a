using System.Net;
using System.Text.Json;

namespace Agora.Tables.Tests;

/// <summary>The Socrata-style rows API: the language, paging, and access applied inside the engine.</summary>
public sealed class RowsApiTests(QueryFixture fixture) : IClassFixture<QueryFixture>
{
    private TablesHost Host => fixture.Host;

    private Task<JsonElement> Rows(string query, string user = "owner", HttpStatusCode expected = HttpStatusCode.OK) =>
        Host.GetJsonAsync($"/api/v1/distributions/{fixture.Visits}/rows?{query}", user, expected);

    private static string Q(string text) => Uri.EscapeDataString(text);

    [Fact]
    public async Task Group_aggregate_alias_order_and_having()
    {
        var result = await Rows($"$select={Q("category, count(*) AS visits, sum(amount) AS total, avg(age)")}&$group=category&$order={Q("visits DESC")}&$having={Q("count(*) > 10")}");
        var rows = result.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("门诊", rows[0].GetProperty("category").GetString());
        Assert.Equal(134, rows[0].GetProperty("visits").GetInt64());
        Assert.Equal(["category", "visits", "total", "avg(age)"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList());
        Assert.False(result.TryGetProperty("totalCount", out _));
    }

    [Fact]
    public async Task Predicates_and_dates_written_the_chinese_way()
    {
        var rows = (await Rows($"$where={Q("visit_date >= '2019年3月1日' AND visit_date < '2019-04-01' AND category IN ('住院', '门诊') AND age BETWEEN 0 AND 89 AND hospital LIKE '协和%' AND note IS NOT NULL AND NOT (amount * 2 < 0)")}&$order=id")).GetProperty("rows");
        Assert.True(rows.GetArrayLength() > 0);
        Assert.All(rows.EnumerateArray(), r => Assert.StartsWith("2019-03-", r.GetProperty("visit_date").GetString(), StringComparison.Ordinal));
        var trunc = await Rows($"$select={Q("date_trunc_ym(visit_date) AS month, count(*) AS n")}&$group={Q("date_trunc_ym(visit_date)")}&$order=month");
        Assert.Equal(12, trunc.GetProperty("rows").GetArrayLength());
        Assert.Equal("2019-01-01", trunc.GetProperty("rows")[0].GetProperty("month").GetString());
    }

    [Fact]
    public async Task Paging_gives_total_and_next_link()
    {
        var page = await Rows("$limit=30&$offset=60&$order=id");
        Assert.Equal(200, page.GetProperty("totalCount").GetInt64());
        Assert.Equal(61, page.GetProperty("rows")[0].GetProperty("id").GetInt64());
        var next = page.GetProperty("next").GetString()!;
        Assert.Contains("$offset=90", Uri.UnescapeDataString(next), StringComparison.Ordinal);
        var last = await Host.GetJsonAsync(next);
        Assert.Equal(91, last.GetProperty("rows")[0].GetProperty("id").GetInt64());
        await Rows("$limit=1000000", expected: HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Full_text_search_over_text_columns()
    {
        var found = await Rows($"$q={Q("协和 住院")}");
        Assert.All(found.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal("协和医院", r.GetProperty("hospital").GetString());
            Assert.Equal("住院", r.GetProperty("category").GetString());
        });
        Assert.Equal(33, found.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Injected_sql_stays_a_value_or_is_a_syntax_error()
    {
        var asValue = await Rows($"$where={Q("hospital = 'x''; DROP TABLE t; --'")}");
        Assert.Equal(0, asValue.GetProperty("rows").GetArrayLength());
        foreach (var attack in new[] { "1=1) UNION SELECT * FROM read_csv('/etc/passwd') --", "id = 1; SELECT 1", "read_csv('/etc/passwd') IS NULL", "\"phone\" = 1" })
        {
            var problem = await Rows($"$where={Q(attack)}", expected: HttpStatusCode.BadRequest);
            Assert.Equal("urn:agora:problem:query-invalid", problem.GetProperty("type").GetString());
            Assert.Equal("$where", problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Unknown_columns_and_bad_values_are_named()
    {
        var unknown = await Rows("$where=nosuch=1", expected: HttpStatusCode.BadRequest);
        Assert.Contains("nosuch", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var date = await Rows($"$where={Q("visit_date > 'yesterday'")}", expected: HttpStatusCode.BadRequest);
        Assert.Contains("not a date", date.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var aggregate = await Rows($"$where={Q("count(*) > 1")}", expected: HttpStatusCode.BadRequest);
        Assert.Contains("$having", aggregate.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_columns_and_filtered_rows_cannot_be_reached()
    {
        var all = await Rows("$limit=1000", "analyst");
        Assert.Equal(50, all.GetProperty("totalCount").GetInt64());
        Assert.All(all.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.False(r.TryGetProperty("phone", out _));
            Assert.Equal(110101, r.GetProperty("region_code").GetInt64());
        });
        foreach (var query in new[] { "$select=phone", $"$select={Q("id AS phone")}&$order=phone&$where={Q("phone > 0")}", "$order=phone", "$group=phone&$select=count(*)", $"$where={Q("sex = '男'")}" })
        {
            await Rows(query, "analyst", HttpStatusCode.BadRequest);
        }
        var aliased = await Rows($"$select={Q("id AS phone")}&$order={Q("phone DESC")}&$limit=1", "analyst");
        Assert.Equal(200, aliased.GetProperty("rows")[0].GetProperty("phone").GetInt64());
        var count = await Rows($"$select={Q("count(*) AS n")}&$where={Q("region_code = '310104'")}", "analyst");
        Assert.Equal(0, count.GetProperty("rows")[0].GetProperty("n").GetInt64());

        var capped = await Rows("$select=count(*) AS n", "capped");
        Assert.Equal(5, capped.GetProperty("rows")[0].GetProperty("n").GetInt64());
        await Rows("", "stranger", HttpStatusCode.Forbidden);
        await Host.GetJsonAsync($"/api/v1/distributions/{Guid.NewGuid()}/rows", "owner", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("region_code IN (110101, 310104)")]
    [InlineData("region_code NOT IN (110105, 440106, -1) AND id IN (3, 200, 1, 17)")]
    [InlineData("category NOT IN ('住院', '急诊') AND amount IN (1000.5, 2000.5, 3000.5, 5000.5, '6,000.50')")]
    [InlineData("NOT (note IN ('-5', NULL)) OR id IN (7, 8)")]
    [InlineData("visit_date BETWEEN '2019年3月1日' AND '2019-06-30' AND category = '住院'")]
    [InlineData("amount > 50000.25 AND age - -5 > 40 AND age <> -1")]
    [InlineData("note = '=1+2' OR note = 'it''s -- not a comment' OR note LIKE '%普%'")]
    [InlineData("NOT (hospital = '人民医院') AND note IS NOT NULL")]
    public async Task A_grant_row_filter_selects_exactly_the_rows_of_the_same_where(string filter)
    {
        // The grant's filter is written into the engine's SQL as literals: quotes, negative numbers and dates must
        // select the same rows as the caller's own $where, which is bound as parameters.
        var user = "filter-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(filter)))[..8];
        Host.Access.Grant(fixture.Visits, user, new Access.TableAccess { RowFilter = filter });
        static List<long> Ids(JsonElement page) => [.. page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetInt64())];

        var granted = await Rows("$select=id&$order=id&$limit=1000", user);
        var byHand = await Rows($"$select=id&$where={Q(filter)}&$order=id&$limit=1000");
        Assert.InRange(Ids(byHand).Count, 1, 199);
        Assert.Equal(Ids(byHand), Ids(granted));
        var counted = await Rows("$limit=1", user);
        Assert.Equal(Ids(byHand).Count, counted.GetProperty("totalCount").GetInt64());
    }

    [Fact]
    public async Task Every_read_is_audited_with_columns_and_rows()
    {
        await Rows("$select=id,hospital&$limit=7", "analyst");
        var read = Host.Audit.Events.Last(e => e.User.Identity?.Name == "analyst" && e.Path == Audit.ReadPath.RowsApi && e.RowCount == 7);
        Assert.Equal(["id", "hospital"], read.Columns);
        Assert.Equal(Audit.ReadOutcome.Succeeded, read.Outcome);
        Assert.True(read.Bytes > 0);
        Assert.False(string.IsNullOrEmpty(read.RequestId));

        await Rows("", "stranger", HttpStatusCode.Forbidden);
        Assert.Contains(Host.Audit.Events, e => e.User.Identity?.Name == "stranger" && e.Outcome == Audit.ReadOutcome.Denied);
    }

    [Fact]
    public async Task Schema_and_profile_respect_access()
    {
        var schema = await Host.GetJsonAsync($"/api/v1/distributions/{fixture.Visits}/schema", "analyst");
        Assert.DoesNotContain(schema.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "phone");
        await Host.GetJsonAsync($"/api/v1/distributions/{fixture.Visits}/profile", "analyst", HttpStatusCode.Forbidden);
        var profile = await Host.GetJsonAsync($"/api/v1/distributions/{fixture.Visits}/profile");
        Assert.Equal(200, profile.GetProperty("rowCount").GetInt64());
    }
}
