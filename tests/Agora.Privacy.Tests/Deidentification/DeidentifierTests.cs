using System.Security.Cryptography;
using System.Text;
using Agora.Privacy.Data;
using Agora.Privacy.Deidentification;
using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Tests.Deidentification;

public sealed class DeidentifierTests
{
    private static readonly DataTable People = DataTable.FromRows(["name", "id", "phone", "region", "income", "age"],
    [
        ["张伟", "110101199003074514", "13800138000", "110108", "12345.6", "37"],
        ["王芳", "440305198512011237", "13900139000", "440305", "98000", "95"],
        ["李娜", "11010519491231002X", "", "440305", "150", "12"],
    ]);

    [Fact]
    public void Plan_drops_masks_pseudonymizes_generalizes_codes_and_rounds()
    {
        var key = PseudonymKey.Generate();
        var plan = new DeidentificationPlan(new Dictionary<string, ColumnTransform>
        {
            ["name"] = new DropColumn(),
            ["id"] = new MaskColumn(),
            ["phone"] = new PseudonymizeColumn(key, 16),
            ["region"] = new GeneralizeColumn(HierarchyBuilder.RegionCodes("region", People.Column("region")), 1),
            ["income"] = new RoundColumn(1000),
            ["age"] = new TopBottomCodeColumn(15, 90),
        });
        var result = Deidentifier.Apply(People, plan);
        var output = result.Output;

        Assert.Equal(-1, output.IndexOf("name"));
        Assert.Equal(["110101********4514", "440305********1237", "110105********002X"], output.Column("id"));
        Assert.Equal(16, output.Column("phone")[0].Length);
        Assert.Equal(key.Pseudonym("13800138000", 16), output.Column("phone")[0]);
        Assert.Equal(string.Empty, output.Column("phone")[2]);
        Assert.Equal(["110100", "440300", "440300"], output.Column("region"));
        Assert.Equal(["12000", "98000", "0"], output.Column("income"));
        Assert.Equal(["37", ">90", "<15"], output.Column("age"));
        Assert.Equal("drop", result.Applied["name"]);
    }

    [Fact]
    public void Pseudonyms_are_hmac_sha256_and_stable_per_dataset_key()
    {
        var secret = Encoding.UTF8.GetBytes("platform secret of at least 16 bytes");
        var stable1 = PseudonymKey.ForDataset(secret, "dataset-1");
        var stable2 = PseudonymKey.ForDataset(secret, "dataset-1");
        var release = PseudonymKey.ForDataset(secret, "dataset-1", "2025-Q1");
        var other = PseudonymKey.ForDataset(secret, "dataset-2");
        Assert.Equal(stable1.Pseudonym("13800138000"), stable2.Pseudonym("13800138000"));
        Assert.NotEqual(stable1.Pseudonym("13800138000"), release.Pseudonym("13800138000"));
        Assert.NotEqual(stable1.Pseudonym("13800138000"), other.Pseudonym("13800138000"));

        var key = PseudonymKey.FromBase64(stable1.ToBase64());
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(stable1.ToBase64()), Encoding.UTF8.GetBytes("13800138000")));
        Assert.Equal(expected, key.Pseudonym("13800138000", 64));
    }

    [Fact]
    public void Record_suppression_removes_small_classes()
    {
        var plan = new DeidentificationPlan(new Dictionary<string, ColumnTransform>(), new RecordSuppression(["region"], 2));
        var result = Deidentifier.Apply(People, plan);
        Assert.Equal(1, result.SuppressedRecords);
        Assert.Equal(["440305", "440305"], result.Output.Column("region"));
    }

    [Fact]
    public void Non_numbers_in_a_numeric_transform_name_row_and_column()
    {
        var table = DataTable.FromRows(["income"], [["100"], ["abc"]]);
        var e = Assert.Throws<PrivacyInputException>(() => Deidentifier.Apply(table, new DeidentificationPlan(new Dictionary<string, ColumnTransform> { ["income"] = new RoundColumn(10) })));
        Assert.Equal(2, e.Row);
        Assert.Equal("income", e.Column);
    }
}
