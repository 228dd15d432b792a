using Agora.Catalog.Accounts;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Catalog.Validation;
using Agora.Catalog.Vocabulary;
using Microsoft.EntityFrameworkCore;

namespace Agora.Catalog.Demo;

/// <summary>
/// Deterministic, bilingual demo content: the same organizations, datasets and accounts on every machine.
/// </summary>
public static class DemoCatalog
{
    /// <summary>The password of every demo account; the demo is for trying Agora, never for production.</summary>
    public const string DemoPassword = "demo-password-2026";

    public const int TargetDatasets = 200;

    // One hash serves every demo account (it carries its own salt and does not depend on the account);
    // hashing once keeps the demo load fast.
    private static readonly Lazy<string> DemoPasswordHash = new(() => Passwords.Hash(new User { Email = "demo" }, DemoPassword));

    private static readonly DateTime Epoch = new(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);

    public static readonly (string Email, string Name, bool Admin, bool Bureau, string? Org, OrganizationRole Role)[] Accounts =
    [
        ("admin@agora.demo", "平台管理员", true, false, null, OrganizationRole.Member),
        ("bureau@agora.demo", "大数据管理局监督员", false, true, null, OrganizationRole.Member),
        ("steward@beijing-wjw.agora.demo", "北京市卫健委数据专员", false, false, "beijing-wjw", OrganizationRole.Admin),
        ("editor@zhejiang-dsj.agora.demo", "浙江省大数据局编辑", false, false, "zhejiang-dsj", OrganizationRole.Editor),
        ("analyst@shanghai-rsj.agora.demo", "上海市人社局分析员", false, false, "shanghai-rsj", OrganizationRole.Member),
        ("steward@guizhou-dsjj.agora.demo", "贵州省大数据局数据专员", false, false, "guizhou-dsjj", OrganizationRole.Admin),
    ];

    /// <summary>Loads the demo content unless it is there already; returns false when nothing was loaded.</summary>
    public static async Task<bool> LoadAsync(CatalogDbContext db, CancellationToken cancellationToken = default)
    {
        if (await db.Organizations.AnyAsync(o => o.Slug == DemoOrganizations.All[0].Slug, cancellationToken))
        {
            return false;
        }

        var (organizations, datasets, distributions) = Build();
        var users = new List<User>();
        var memberships = new List<Membership>();
        foreach (var (email, name, admin, bureau, org, role) in Accounts)
        {
            var user = new User
            {
                Id = DeterministicGuid($"user:{email}"),
                Email = email,
                DisplayName = name,
                IsPlatformAdmin = admin,
                IsBureau = bureau,
                Created = Epoch,
            };
            user.PasswordHash = DemoPasswordHash.Value;
            users.Add(user);
            if (org is not null)
            {
                memberships.Add(new Membership
                {
                    Id = DeterministicGuid($"member:{email}"),
                    UserId = user.Id,
                    OrganizationId = organizations.Single(o => o.Slug == org).Id,
                    Role = role,
                    Created = Epoch,
                });
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync(cancellationToken);
        db.Datasets.AddRange(datasets);
        db.Distributions.AddRange(distributions);
        db.Activities.AddRange(datasets.Select(d => new DatasetActivity
        {
            Id = DeterministicGuid($"activity:{d.Identifier}"),
            DatasetId = d.Id,
            At = d.Created,
            ActorName = "demo",
            Action = "created",
            Changes = ActivityDiff.Between(null, d.ToDto(), CatalogJson.Options),
        }));
        var existingEmails = await db.Users.Select(u => u.Email).ToListAsync(cancellationToken);
        db.Users.AddRange(users.Where(u => !existingEmails.Contains(u.Email)));
        db.Memberships.AddRange(memberships.Where(m => users.Any(u => u.Id == m.UserId && !existingEmails.Contains(u.Email))));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Builds the demo catalog in memory; the same output every time.</summary>
    public static (List<Organization> Organizations, List<Dataset> Datasets, List<Distribution> Distributions) Build()
    {
        var random = new Random(20180601);
        var organizations = new List<Organization>();
        foreach (var (demo, i) in DemoOrganizations.All.Select((o, i) => (o, i)))
        {
            var typeCode = "11"; // 机关
            var orgCode = (10_000_000 + (i * 7919)).ToString("D8", System.Globalization.CultureInfo.InvariantCulture) + (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
            organizations.Add(new Organization
            {
                Id = DeterministicGuid($"org:{demo.Slug}"),
                Slug = demo.Slug,
                NameZh = demo.NameZh,
                NameEn = demo.NameEn,
                DescriptionZh = $"{demo.NameZh}是{RegionCodes.FullName(demo.RegionCode)}的政务数据提供单位。",
                DescriptionEn = $"{demo.NameEn} publishes and shares government data on the Agora platform.",
                CreditCode = CreditCode.WithCheckCharacter(typeCode + demo.RegionCode + orgCode),
                Level = demo.Level,
                RegionCode = demo.RegionCode,
                ContactName = "数据管理处",
                ContactEmail = $"data@{demo.Slug}.gov.demo",
                ContactPhone = $"010-{6500_0000 + (i * 1373):D8}",
                Created = Epoch,
                Modified = Epoch,
            });
        }

        foreach (var demo in DemoOrganizations.All.Where(o => o.ParentSlug is not null))
        {
            organizations.Single(o => o.Slug == demo.Slug).ParentId = organizations.Single(o => o.Slug == demo.ParentSlug).Id;
        }

        var pairs = new List<(DemoOrganization Org, DemoTemplate Template)>();
        foreach (var org in DemoOrganizations.All)
        {
            pairs.AddRange(DemoTemplates.All.Where(t => org.Themes.Contains(t.Theme)).Select(t => (org, t)));
        }

        // Governments (their own theme has no templates) and thin departments take general templates in turn.
        var general = DemoTemplates.All.Where(t => t.Grade == SecurityGrade.General).ToArray();
        var round = 0;
        while (pairs.Count < TargetDatasets)
        {
            var org = DemoOrganizations.All[round % DemoOrganizations.All.Length];
            var template = general[(round * 7) % general.Length];
            if (!pairs.Contains((org, template)))
            {
                pairs.Add((org, template));
            }

            round++;
        }

        pairs = pairs.Take(TargetDatasets).ToList();
        var combinations = CatalogRules.AllowedCombinations().ToArray();
        var datasets = new List<Dataset>();
        var distributions = new List<Distribution>();
        var generalIndex = 0;
        var importantIndex = 0;
        foreach (var (pair, i) in pairs.Select((p, i) => (p, i)))
        {
            var (demo, template) = pair;
            var org = organizations.Single(o => o.Slug == demo.Slug);
            var (sharing, opening) = template.Grade switch
            {
                SecurityGrade.Core => (SharingAttribute.NotShared, OpeningAttribute.Closed),
                SecurityGrade.Important => importantIndex++ % 2 == 0
                    ? (SharingAttribute.Conditional, OpeningAttribute.Closed)
                    : (SharingAttribute.NotShared, OpeningAttribute.Closed),
                _ => PickGeneral(combinations, generalIndex++),
            };
            var prefix = demo.Level == OrganizationLevel.National ? "全国" : PlaceName(demo.RegionCode);
            var created = Epoch.AddDays(-random.Next(30, 2400));
            var modified = Epoch.AddDays(random.Next(0, 320)).AddMinutes(random.Next(0, 1440)).AddSeconds(i);
            var dataset = new Dataset
            {
                Id = DeterministicGuid($"dataset:{demo.Slug}-{template.Key}"),
                Identifier = $"{demo.Slug}-{template.Key}",
                TitleZh = prefix + template.TitleZh,
                TitleEn = $"{template.TitleEn} ({demo.NameEn})",
                DescriptionZh = $"{demo.NameZh}发布的{template.DescriptionZh}数据按{FrequencyZh(template.Frequency)}更新。",
                DescriptionEn = $"{template.DescriptionEn} Published by the {demo.NameEn}; updated {template.Frequency.ToString().ToLowerInvariant()}.",
                Keywords = [.. template.Keywords, prefix],
                Themes = demo.Themes.Contains(template.Theme) ? [template.Theme] : [template.Theme, demo.Themes[0]],
                OrganizationId = org.Id,
                ContactName = "数据管理处",
                ContactEmail = org.ContactEmail,
                ContactPhone = org.ContactPhone,
                Issued = DateOnly.FromDateTime(created),
                UpdateFrequency = template.Frequency,
                TemporalStart = new DateOnly(2015 + random.Next(0, 6), 1, 1),
                TemporalEnd = template.Frequency == UpdateFrequency.Never ? new DateOnly(2024, 12, 31) : null,
                SpatialRegionCode = demo.RegionCode,
                License = opening == OpeningAttribute.Closed ? "gov-sharing-1.0" : PickLicense(i),
                Sharing = sharing,
                SharingConditions = sharing == SharingAttribute.Conditional ? "仅限履行法定职责使用；须说明用途和依据；不得向第三方提供。" : null,
                LegalBasis = sharing == SharingAttribute.NotShared ? LegalBasisFor(template.Grade) : null,
                Opening = opening,
                OpeningConditions = opening == OpeningAttribute.Conditional ? "申请人须签署数据使用协议，说明用途，仅用于科研或公益目的。" : null,
                SecurityGrade = template.Grade,
                Fields = template.Fields.Select(ParseField).ToList(),
                Usage = template.Grade == SecurityGrade.General ? random.Next(0, 25_000) : random.Next(0, 300),
                Created = created,
                Modified = modified,
            };
            datasets.Add(dataset);
            var kind = template.Format switch
            {
                "API" => DistributionKind.Api,
                _ => DistributionKind.File,
            };
            distributions.Add(new Distribution
            {
                Id = DeterministicGuid($"distribution:{dataset.Identifier}:0"),
                DatasetId = dataset.Id,
                TitleZh = kind == DistributionKind.Api ? $"{template.TitleZh}查询接口" : $"{template.TitleZh}（{template.Format}）",
                TitleEn = kind == DistributionKind.Api ? $"{template.TitleEn} query service" : $"{template.TitleEn} ({template.Format})",
                Kind = kind,
                Format = template.Format.ToUpperInvariant(),
                MediaType = MediaType(template.Format),
                ByteSize = kind == DistributionKind.File ? random.Next(20_000, 40_000_000) : null,
                Created = created,
                Modified = modified,
            });
        }

        return (organizations, datasets, distributions);
    }

    private static (SharingAttribute, OpeningAttribute) PickGeneral((SharingAttribute Sharing, OpeningAttribute Opening, SecurityGrade Grade)[] combinations, int index)
    {
        // Most general data is shared and open without conditions; every other allowed combination still appears.
        var general = combinations.Where(c => c.Grade == SecurityGrade.General).ToArray();
        if (index % 3 != 0)
        {
            return (SharingAttribute.Unconditional, OpeningAttribute.Open);
        }

        var c = general[(index / 3) % general.Length];
        return (c.Sharing, c.Opening);
    }

    private static string PickLicense(int i) => (i % 6) switch
    {
        0 or 1 or 2 => Licenses.GovernmentOpen,
        3 => "CC-BY-4.0",
        4 => "CC0-1.0",
        _ => "ODbL-1.0",
    };

    private static string LegalBasisFor(SecurityGrade grade) => grade switch
    {
        SecurityGrade.Core => "《中华人民共和国数据安全法》第二十一条；《中华人民共和国个人信息保护法》第二十八条（敏感个人信息）",
        SecurityGrade.Important => "《中华人民共和国数据安全法》第二十一条；《网络数据安全管理条例》重要数据保护规定",
        _ => "《中华人民共和国政府信息公开条例》第十四条",
    };

    private static string PlaceName(string regionCode)
    {
        var region = RegionCodes.Find(regionCode);
        return region?.Level == RegionLevel.County ? RegionCodes.FullName(regionCode)!.Replace(" ", "", StringComparison.Ordinal) : region?.Name ?? "";
    }

    private static string FrequencyZh(UpdateFrequency frequency) => frequency switch
    {
        UpdateFrequency.RealTime => "实时",
        UpdateFrequency.Daily => "日",
        UpdateFrequency.Weekly => "周",
        UpdateFrequency.Monthly => "月",
        UpdateFrequency.Quarterly => "季度",
        UpdateFrequency.Semiannual => "半年",
        UpdateFrequency.Annual => "年",
        _ => "不定期",
    };

    private static string? MediaType(string format) => format switch
    {
        "CSV" => "text/csv",
        "XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "JSON" => "application/json",
        "API" => "application/json",
        _ => null,
    };

    private static FieldSpec ParseField(string spec)
    {
        var parts = spec.Split('|');
        var sensitivity = parts[3] switch
        {
            "d" => FieldSensitivity.DirectIdentifier,
            "p" => FieldSensitivity.PersonalSensitive,
            "q" => FieldSensitivity.QuasiIdentifier,
            _ => FieldSensitivity.None,
        };
        return new FieldSpec(parts[0], parts[1], parts[2], null, sensitivity);
    }

    /// <summary>A stable id from a name, so that demo links work on every machine.</summary>
    public static Guid DeterministicGuid(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("agora-demo:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}
