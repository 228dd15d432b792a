using System.Globalization;
using System.Text;
using Agora.Tables.Access;

namespace Agora.Tables.Tests;

/// <summary>A host with one 200-row visits table and a second small table, plus restricted grants.</summary>
public sealed class QueryFixture : IAsyncLifetime
{
    public static readonly string[] Regions = ["110101", "110105", "310104", "440106"];

    internal TablesHost Host { get; private set; } = null!;

    internal Guid Visits { get; private set; }

    internal Guid Regions2 { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = await TablesHost.StartAsync(o =>
        {
            o.SqlTimeout = TimeSpan.FromSeconds(2);
            o.SqlRowCap = 50;
        });
        Visits = Host.Access.Create();
        var csv = new StringBuilder("id,region_code,hospital,visit_date,amount,category,age,sex,phone,note\n");
        for (var i = 1; i <= 200; i++)
        {
            var note = (i % 4) switch { 0 => "=1+2", 1 => "-5", 2 => "@SUM(A1)", _ => "普通" };
            csv.Append(CultureInfo.InvariantCulture, $"{i},{Regions[i % 4]},{(i % 2 == 0 ? "协和医院" : "人民医院")},2019年{1 + (i % 12)}月{1 + (i % 28)}日,\"{i * 1000 + 0.5:#,0.00}\",{(i % 3 == 0 ? "住院" : "门诊")},{i % 90},{(i % 2 == 0 ? "男" : "女")},1380000{i:0000},{note}\n");
        }
        TablesHost.Succeeded(await Host.IngestAsync(Visits, Encoding.UTF8.GetBytes(csv.ToString()), "visits.csv"));
        Host.Access.Grant(Visits, "analyst", new TableAccess
        {
            AllowedColumns = ["id", "region_code", "hospital", "visit_date", "amount", "category", "note"],
            RowFilter = "region_code = '110101'",
        });
        Host.Access.Grant(Visits, "capped", new TableAccess { RowCap = 5 });
        Regions2 = Host.Access.Create();
        TablesHost.Succeeded(await Host.IngestAsync(Regions2, Encoding.UTF8.GetBytes("code,name\n110101,东城区\n110105,朝阳区\n310104,徐汇区\n440106,天河区\n"), "regions.csv"));
        Host.Access.Grant(Regions2, "analyst", TableAccess.Full);
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
