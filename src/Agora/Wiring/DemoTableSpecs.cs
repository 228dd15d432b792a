namespace Agora.Wiring;

/// <summary>How a demo file is written: plain UTF-8, or GB18030 with a title row above the header and a note below the data, like many real government downloads.</summary>
internal enum DemoFileStyle
{
    Utf8,
    Gb18030WithTitleAndNote,
}

/// <summary>One demo dataset that gets a table: its rows, how its file looks, and the generator of its values (in the order of the dataset's fields).</summary>
internal sealed record DemoTableSpec(string Dataset, int Rows, DemoFileStyle Style, Func<DemoRows, IEnumerable<string?[]>> Generate);

internal static class DemoTableSpecs
{
    /// <summary>
    /// Open, general-grade datasets without direct identifiers (anyone can read their rows), then a few conditional or
    /// owner-only ones, so that the sharing exchange has something to grant.
    /// </summary>
    public static readonly DemoTableSpec[] All =
    [
        new("beijing-wjw-outpatient-visits", 200_000, DemoFileStyle.Utf8, DemoGenerators.OutpatientVisits),
        new("beijing-wjw-medical-institutions", 12_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.MedicalInstitutions),
        new("zhejiang-wjw-medical-institutions", 6_000, DemoFileStyle.Utf8, DemoGenerators.MedicalInstitutions),
        new("fujian-ybj-pharmacies", 8_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.Pharmacies),
        new("nhc-population-stats", 30_000, DemoFileStyle.Utf8, DemoGenerators.PopulationStats),
        new("guizhou-tjj-births", 6_000, DemoFileStyle.Utf8, DemoGenerators.Births),
        new("moe-schools", 20_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.Schools),
        new("mct-museums", 5_000, DemoFileStyle.Utf8, DemoGenerators.Museums),
        new("mct-scenic-spots", 10_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.ScenicSpots),
        new("beijing-jtw-bus-routes", 24_000, DemoFileStyle.Utf8, DemoGenerators.BusRoutes),
        new("beijing-jtw-taxi-trips", 3_000, DemoFileStyle.Utf8, DemoGenerators.TaxiTrips),
        new("beijing-jtw-traffic-accidents", 1_920, DemoFileStyle.Utf8, DemoGenerators.TrafficAccidents),
        new("hangzhou-travel-agencies", 1_500, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.TravelAgencies),
        new("hangzhou-housing-transactions", 1_560, DemoFileStyle.Utf8, DemoGenerators.HousingTransactions),
        new("samr-food-inspections", 30_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.FoodInspections),
        new("samr-administrative-licences", 20_000, DemoFileStyle.Utf8, DemoGenerators.AdministrativeLicences),
        new("shanghai-scjgj-administrative-penalties", 12_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.AdministrativePenalties),
        new("zhejiang-dsj-administrative-penalties", 6_000, DemoFileStyle.Utf8, DemoGenerators.AdministrativePenalties),
        new("beijing-jxj-enterprise-registry", 30_000, DemoFileStyle.Utf8, DemoGenerators.EnterpriseRegistry),
        new("ningbo-air-quality", 20_000, DemoFileStyle.Utf8, DemoGenerators.AirQuality),
        new("xiamen-water-quality", 4_800, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.WaterQuality),
        new("zhejiang-zrzyt-produce-prices", 40_000, DemoFileStyle.Utf8, DemoGenerators.ProducePrices),
        new("guizhou-tjj-gdp", 3_520, DemoFileStyle.Utf8, DemoGenerators.Gdp),
        new("stats-cpi", 4_800, DemoFileStyle.Utf8, DemoGenerators.Cpi),
        new("shanghai-rsj-pension-payments", 1_920, DemoFileStyle.Utf8, DemoGenerators.PensionPayments),
        new("shanghai-rsj-job-vacancies", 4_000, DemoFileStyle.Gb18030WithTitleAndNote, DemoGenerators.JobVacancies),

        // For the sharing exchange: rows only for the owner, or under a grant.
        new("beijing-wjw-infectious-disease", 20_000, DemoFileStyle.Utf8, DemoGenerators.InfectiousDisease),
        new("zhejiang-wjw-infectious-disease", 10_000, DemoFileStyle.Utf8, DemoGenerators.InfectiousDisease),
        new("beijing-sthjj-air-quality", 12_000, DemoFileStyle.Utf8, DemoGenerators.AirQuality),
        new("zhejiang-dsj-gdp", 3_600, DemoFileStyle.Utf8, DemoGenerators.Gdp),
        new("samr-administrative-penalties", 10_000, DemoFileStyle.Utf8, DemoGenerators.AdministrativePenalties),
    ];
}
