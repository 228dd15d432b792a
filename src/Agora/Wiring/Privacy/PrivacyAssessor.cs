using System.Globalization;
using System.Text.Json;
using Agora.Catalog.Model;
using Agora.Catalog.Storage;
using Agora.Privacy;
using Agora.Privacy.Classification;
using Agora.Privacy.Data;
using Agora.Privacy.Detection;
using Agora.Privacy.Gate;
using Agora.Tables.Query;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agora.Wiring.Privacy;

/// <summary>
/// Scans a dataset's tables, suggests its classification and judges whether it may be open. It keeps its own
/// DbContext: the publish gate runs in the middle of a catalog write whose pending changes must not be saved by it.
/// </summary>
internal sealed class PrivacyAssessor(
    Func<CatalogDbContext> contexts,
    TableReader tables,
    PiiScanner scanner,
    PublishGate gate,
    ClassificationAssistant assistant,
    IOptions<PrivacyGateOptions> options,
    TimeProvider time)
{
    private PrivacyGateOptions Options => options.Value;

    /// <summary>Scans every table distribution of the dataset and stores the scan and its verdict.</summary>
    public async Task<(StoredScan Scan, DatasetVerdict Verdict)> ScanAsync(Dataset dataset, Guid? actorId, string? actorName, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var distributions = await TableDistributionsAsync(db, dataset.Id, cancellationToken);
        var declared = Declared(dataset);
        var scans = new List<TableScan>();
        var findings = new List<ColumnFinding>();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        long rows = 0;
        foreach (var distribution in distributions)
        {
            var sample = tables.Sample(distribution.Id, Options.ScanSampleRows, cancellationToken);
            if (sample is null)
            {
                continue;
            }

            var data = new DataTable(sample.Columns, sample.Values);
            var report = scanner.Scan(data);
            var quasi = report.QuasiIdentifiers.Select(f => f.Column)
                .Union(declared.Where(p => p.Value == FieldSensitivity.QuasiIdentifier && data.IndexOf(p.Key) >= 0).Select(p => data.ColumnNames[data.IndexOf(p.Key)]), StringComparer.Ordinal)
                .ToArray();
            var verdict = gate.Evaluate(data, new GateOptions { Threshold = Options.MaxProsecutorRisk, Scan = report, QuasiIdentifiers = quasi, Clock = time });
            scans.Add(new TableScan(
                distribution.Id,
                distribution.TitleZh,
                sample.Table.Version,
                sample.Table.RowCount,
                data.RowCount,
                sample.Sampled,
                sample.Columns,
                report.Columns.Select(f => ColumnFindingView.From(f, declared.TryGetValue(f.Column, out var s) ? s : null)).ToArray(),
                quasi,
                verdict.Risk,
                verdict.Checks));
            findings.AddRange(report.Columns);
            versions[distribution.Id.ToString()] = sample.Table.Version;
            rows += sample.Table.RowCount;
        }

        var suggestion = assistant.Suggest(findings, ThemeText(dataset), rows);
        var scan = new StoredScan(time.GetUtcNow(), actorName, Options.MaxProsecutorRisk, scans, Compare(dataset, scans), suggestion);
        var verdictNow = Verdict(dataset, scan);

        var state = await db.DatasetPrivacy.FirstOrDefaultAsync(p => p.DatasetId == dataset.Id, cancellationToken);
        var before = state?.GatePassed;
        if (state is null)
        {
            state = new DatasetPrivacy { DatasetId = dataset.Id };
            db.DatasetPrivacy.Add(state);
        }

        state.Scan = PrivacyJson.Serialize(scan);
        state.ScannedAt = scan.At.UtcDateTime;
        state.ScannedVersions = JsonSerializer.Serialize(versions);
        state.Verdict = PrivacyJson.Serialize(verdictNow);
        state.GatePassed = verdictNow.Passed;
        state.VerdictAt = verdictNow.EvaluatedAt.UtcDateTime;
        if (actorName is not null || actorId is not null)
        {
            db.Activities.Add(new DatasetActivity
            {
                Id = Guid.CreateVersion7(),
                DatasetId = dataset.Id,
                At = scan.At.UtcDateTime,
                ActorUserId = actorId,
                ActorName = actorName,
                Action = "privacy.scanned",
                Changes =
                [
                    new FieldChange("privacy.gate", Passed(before), Passed(verdictNow.Passed)),
                    new FieldChange("privacy.suggestion", null, $"{suggestion.Grade}/{suggestion.Sharing}/{suggestion.Opening}"),
                ],
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return (scan, verdictNow);
    }

    /// <summary>The stored scan and whether the tables changed (or the threshold) since it was made.</summary>
    public async Task<(StoredScan? Scan, bool Stale, DatasetPrivacy? State)> LoadAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var state = await db.DatasetPrivacy.AsNoTracking().FirstOrDefaultAsync(p => p.DatasetId == datasetId, cancellationToken);
        var current = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var distribution in await TableDistributionsAsync(db, datasetId, cancellationToken))
        {
            if (tables.Current(distribution.Id) is { } version)
            {
                current[distribution.Id.ToString()] = version.Version;
            }
        }

        var scan = state?.Scan is null ? null : PrivacyJson.Deserialize<StoredScan>(state.Scan);
        if (scan is null)
        {
            return (null, current.Count > 0, state);
        }

        var scanned = state!.ScannedVersions is null ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(state.ScannedVersions) ?? [];
        var stale = scanned.Count != current.Count
            || current.Any(p => !scanned.TryGetValue(p.Key, out var v) || v != p.Value)
            || Math.Abs(scan.Threshold - Options.MaxProsecutorRisk) > 1e-12;
        return (scan, stale, state);
    }

    /// <summary>
    /// The publish gate on a dataset about to be written open: a stale or missing scan of its tables is made again first
    /// (bounded by <see cref="PrivacyGateOptions.ScanSampleRows"/>), so the verdict always describes the data as it is.
    /// </summary>
    public async Task<DatasetVerdict> JudgeAsync(Dataset dataset, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew)
        {
            return Verdict(dataset, null);
        }

        var (scan, stale, _) = await LoadAsync(dataset.Id, cancellationToken);
        if (stale)
        {
            (scan, _) = await ScanAsync(dataset, null, null, cancellationToken);
        }

        return Verdict(dataset, scan);
    }

    /// <summary>
    /// The verdict for the dataset's schema as given and the tables as scanned. Without table data only the schema is
    /// judged: a field tagged as a direct identifier fails.
    /// </summary>
    public DatasetVerdict Verdict(Dataset dataset, StoredScan? scan)
    {
        var threshold = Options.MaxProsecutorRisk;
        var checks = new List<VerdictCheck>();
        var identifiers = dataset.Fields.Where(f => f.Sensitivity == FieldSensitivity.DirectIdentifier).Select(f => f.Name).Distinct(StringComparer.Ordinal).ToArray();
        if (scan is null || scan.Tables.Count == 0)
        {
            foreach (var field in identifiers)
            {
                checks.Add(new VerdictCheck("schema-direct-identifier", false,
                    $"Field '{field}' is tagged as a direct identifier in the schema. Remove the field (or its tag, if it holds no identifier) before opening.", field, null));
            }

            if (identifiers.Length == 0)
            {
                checks.Add(new VerdictCheck("schema-direct-identifier", true, "No field of the schema is tagged as a direct identifier.", null, null));
            }

            return new DatasetVerdict(checks.All(c => c.Passed), "schema only: the dataset has no table data, so only its field schema was judged", threshold, 0, checks, time.GetUtcNow());
        }

        foreach (var table in scan.Tables)
        {
            foreach (var check in table.Checks)
            {
                checks.Add(new VerdictCheck(check.Rule, check.Passed, $"{table.Title}: {check.Message}", check.Column, table.DistributionId));
            }

            foreach (var field in identifiers)
            {
                var column = table.Columns.FirstOrDefault(c => string.Equals(c, field, StringComparison.Ordinal));
                if (column is null || table.Checks.Any(c => c.Rule == "direct-identifier" && c.Column == column))
                {
                    continue;
                }

                var masked = table.Findings.FirstOrDefault(f => f.Column == column)?.LooksMasked == true;
                checks.Add(new VerdictCheck("schema-direct-identifier", masked,
                    masked
                        ? $"{table.Title}: '{column}' is tagged as a direct identifier and its values are masked."
                        : $"{table.Title}: '{column}' is tagged as a direct identifier in the schema and is still in the table (version {table.Version}). Drop, mask or pseudonymize it and load the data again.",
                    column, table.DistributionId));
            }
        }

        var absent = identifiers.Where(f => !scan.Tables.Any(t => t.Columns.Contains(f, StringComparer.Ordinal))).ToArray();
        if (absent.Length > 0)
        {
            checks.Add(new VerdictCheck("schema-direct-identifier", true,
                $"Fields tagged as direct identifiers are not in the table data: {string.Join(", ", absent)}.", null, null));
        }

        var sampled = scan.Tables.Where(t => t.Sampled).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Title}: {t.ScannedRows:N0} of {t.Rows:N0} rows")).ToArray();
        var basis = "table data (" + string.Join("; ", scan.Tables.Select(t => $"{t.Title} version {t.Version}, {t.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows")) + ")"
            + (sampled.Length == 0 ? "" : "; risk measured on a sample, which can only overstate it: " + string.Join("; ", sampled));
        var highest = scan.Tables.Max(t => t.Risk.Prosecutor.Highest);
        return new DatasetVerdict(checks.All(c => c.Passed), basis, threshold, highest, checks, time.GetUtcNow());
    }

    public static IReadOnlyList<SchemaComparison> Compare(Dataset dataset, IReadOnlyList<TableScan> scans)
    {
        var result = new List<SchemaComparison>();
        var declared = Declared(dataset);
        foreach (var finding in scans.SelectMany(t => t.Findings))
        {
            var tag = declared.TryGetValue(finding.Column, out var s) ? s : FieldSensitivity.None;
            var note = (finding.Category, tag) switch
            {
                (PiiCategory.DirectIdentifier, not FieldSensitivity.DirectIdentifier) => $"holds {finding.TypeName} ({finding.Type}) but the schema tags it {Tag(tag)}: tag it as a direct identifier",
                (PiiCategory.QuasiIdentifier, FieldSensitivity.None) => $"holds {finding.TypeName} ({finding.Type}), a quasi-identifier, but the schema tags it none",
                (PiiCategory.None, FieldSensitivity.DirectIdentifier) => "tagged as a direct identifier, but no identifier was recognised in its values",
                _ => null,
            };
            if (note is not null)
            {
                result.Add(new SchemaComparison(finding.Column, tag, finding.Category == PiiCategory.None ? null : finding.Type, finding.Category, note));
            }
        }

        foreach (var (field, tag) in declared)
        {
            if (tag != FieldSensitivity.None && scans.Count > 0 && !scans.Any(t => t.Columns.Contains(field, StringComparer.Ordinal)))
            {
                result.Add(new SchemaComparison(field, tag, null, PiiCategory.None, "tagged in the schema, not a column of the table data"));
            }
        }

        return result;
    }

    private static string Tag(FieldSensitivity tag) => JsonNamingPolicy.CamelCase.ConvertName(tag.ToString());

    private static string? Passed(bool? passed) => passed switch
    {
        true => "passed",
        false => "failed",
        null => null,
    };

    private static Dictionary<string, FieldSensitivity> Declared(Dataset dataset)
    {
        var result = new Dictionary<string, FieldSensitivity>(StringComparer.Ordinal);
        foreach (var field in dataset.Fields)
        {
            result.TryAdd(field.Name, field.Sensitivity);
        }

        return result;
    }

    /// <summary>The words the classification rules match themes against: the theme names in both languages and the keywords.</summary>
    private static string ThemeText(Dataset dataset) => string.Join(" ", dataset.Themes
        .Select(code => Catalog.Vocabulary.Themes.All.FirstOrDefault(t => t.Code == code) is { } t ? $"{t.Zh} {t.En}" : code)
        .Concat(dataset.Keywords));

    private static Task<List<Distribution>> TableDistributionsAsync(CatalogDbContext db, Guid datasetId, CancellationToken cancellationToken) =>
        db.Distributions.AsNoTracking()
            .Where(d => d.DatasetId == datasetId && d.Kind == DistributionKind.Table)
            .OrderBy(d => d.Created)
            .ToListAsync(cancellationToken);
}
