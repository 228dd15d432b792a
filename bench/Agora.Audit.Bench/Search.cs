using System.Diagnostics;
using System.Globalization;
using System.Text;
using Agora.Audit;
using Agora.Audit.Api;
using Agora.Audit.Chain;
using Agora.Audit.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>--search</c>: fills a log of <c>--records</c> records shaped like a working exchange (20 organizations, 400
/// datasets, 2,000 users; gateway calls and table reads most of it, grant decisions rare, logins without a dataset),
/// then times every filter shape <c>GET /api/v1/audit</c> and the portal offer through
/// the API's own query (<see cref="AuditApi.PageAsync"/>): a first page of 50, newest first.
/// </summary>
internal static class Search
{
    private const int Organizations = 20, Datasets = 400, Users = 2_000, Page = 51;

    public static async Task<string> RunAsync(string name, ServiceProvider services, int count, int rounds)
    {
        var orgs = Ids(Organizations, 1);
        var datasets = Ids(Datasets, 2);
        var users = Ids(Users, 3);

        // Filled straight through the store in batches of 8,192, chained and hashed as the writer does, one record
        // every 3.6 ms of an hour that ended a minute ago (the durable writer took 13 minutes for a million on this
        // shared machine). Time rises along the sequence.
        var ended = DateTime.UtcNow.AddMinutes(-1);
        var started = ended.AddHours(-1);
        var step = TimeSpan.FromHours(1) / count;
        var fill = Stopwatch.StartNew();
        await using (var db = services.GetRequiredService<Func<AuditDbContext>>()())
        {
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            var store = AuditStore.For(connection);
            var previous = AuditCanonical.Genesis.ToArray();
            var batch = new List<AuditRecord>(8192);
            for (long i = 1; i <= count; i++)
            {
                var record = AuditEntries.ToRecord(Entry(i, orgs, datasets, users), started + (step * i));
                record.Sequence = i;
                record.PreviousHash = previous;
                record.Hash = new byte[AuditCanonical.HashSize];
                AuditCanonical.ComputeHash(record, record.Hash);
                previous = record.Hash;
                batch.Add(record);
                if (batch.Count == 8192 || i == count)
                {
                    await using var transaction = await store.BeginAppendAsync(connection, CancellationToken.None);
                    await store.InsertAsync(connection, transaction, batch, CancellationToken.None);
                    await transaction.CommitAsync();
                    batch.Clear();
                }
            }

            // What autovacuum would do soon after such a fill: the planner's statistics for the table.
            if (connection is Npgsql.NpgsqlConnection)
            {
                await using var analyze = connection.CreateCommand();
                analyze.CommandText = $"ANALYZE {AuditDbContext.Table}";
                await analyze.ExecuteNonQueryAsync();
            }
        }

        fill.Stop();
        Console.WriteLine($"{name}: filled {count:N0} records in {fill.Elapsed.TotalSeconds:F0} s");
        var span = ended - started;
        DateTime At(double fraction) => started + (span * fraction);

        var cases = new List<(string Shape, Func<int, (AuditApi.AuditFilter Filter, Guid[]? Visible)> Make)>
        {
            ("bureau, no filter", _ => (new(), null)),
            ("organization (acting)", k => (new(Organization: orgs[k % Organizations]), null)),
            ("owner organization", k => (new(Owner: orgs[k % Organizations]), null)),
            ("dataset", k => (new(Dataset: datasets[k % Datasets]), null)),
            ("user", k => (new(User: users[k % Users]), null)),
            ("action, common (rows.read)", _ => (new(Action: AuditActions.RowsRead), null)),
            ("action, rare (grant.revoke, 1 in 10,000)", _ => (new(Action: AuditActions.GrantRevoke), null)),
            ("time range, 1% of the log", k => (new(From: At(0.40 + (k % 10 * 0.01)), To: At(0.41 + (k % 10 * 0.01))), null)),
            ("time range, from only (last 10%)", _ => (new(From: At(0.90)), null)),
            ("time range, an hour before the log (empty)", _ => (new(From: started.AddHours(-2), To: started.AddHours(-1)), null)),
            ("org admin: own organization's records", k => (new(), [orgs[k % Organizations]])),
            ("org admin: own records, common action (rows.read)", k => (new(Action: AuditActions.RowsRead), [orgs[k % Organizations]])),
            ("org admin: own records, last 10% of the time", k => (new(From: At(0.90)), [orgs[k % Organizations]])),
            ("org admin: dataset + 1% time range", k => (new(Dataset: datasets[(k * Organizations) % Datasets], From: At(0.5), To: At(0.51)), [orgs[0]])),
            ("org admin: user + action", k => (new(User: users[(k * Organizations) % Users], Action: AuditActions.GatewayCall), [orgs[0]])),
            ("bureau: organization + rare action + 10% time range", k => (new(Organization: orgs[k % Organizations], Action: AuditActions.GrantRevoke, From: At(0.2), To: At(0.3)), null)),
        };

        var rows = new StringBuilder();
        foreach (var (shape, make) in cases)
        {
            var times = new List<double>(rounds);
            long found = 0;
            for (var k = -2; k < rounds; k++)
            {
                var (filter, visible) = make(Math.Abs(k));
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
                var start = Stopwatch.GetTimestamp();
                var page = await AuditApi.PageAsync(db, filter, visible, null, Page, CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (k >= 0)
                {
                    times.Add(ms);
                    found += page.Count;
                }
            }

            times.Sort();
            rows.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {shape} | {found / (double)rounds:F0} | {times[times.Count / 2]:F2} ms | {times[(int)Math.Min(times.Count - 1, times.Count * 0.99)]:F2} ms |");
            Console.WriteLine($"{name}: {shape}: median {times[times.Count / 2]:F2} ms");
        }

        return rows.ToString();
    }

    private static Guid[] Ids(int n, int kind) =>
        Enumerable.Range(0, n).Select(i => new Guid(kind, 0, 0, BitConverter.GetBytes((long)i))).ToArray();

    private static AuditEntry Entry(long i, Guid[] orgs, Guid[] datasets, Guid[] users)
    {
        var user = (int)(i * 7919 % Users);
        var dataset = (int)(i * 104729 % Datasets);
        var kind = i % 10_000;
        var (action, withDataset) = kind switch
        {
            0 => (AuditActions.GrantRevoke, true),
            < 6_000 => (AuditActions.GatewayCall, true),
            < 9_000 => (AuditActions.RowsRead, true),
            < 9_400 => (AuditActions.Download, true),
            < 9_700 => (AuditActions.SqlQuery, true),
            _ => (AuditActions.Login, false),
        };
        return new AuditEntry
        {
            Action = action,
            UserId = users[user],
            OrganizationId = orgs[user % Organizations],
            DatasetId = withDataset ? datasets[dataset] : null,
            OwnerOrganizationId = withDataset ? orgs[dataset % Organizations] : null,
            RowCount = withDataset ? i % 500 : null,
            StatusCode = 200,
            ClientAddress = "10.12.0." + (i % 250),
            RequestId = $"0HNA:{i:X8}",
        };
    }
}
