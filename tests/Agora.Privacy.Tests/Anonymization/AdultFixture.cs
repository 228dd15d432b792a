using System.Collections.Concurrent;
using Agora.Privacy.Anonymization;
using Agora.Privacy.Data;
using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Tests.Anonymization;

/// <summary>ARX's adult data and hierarchies, read once for the anonymization tests.</summary>
public sealed class AdultFixture
{
    public AdultFixture()
    {
        Table = CsvTableReader.ReadFile(TestPaths.AdultCsv, new CsvFormat(';'));
        Hierarchies = HierarchyReader.ReadDirectory(TestPaths.Adult);
    }

    public DataTable Table { get; }

    public Dictionary<string, Hierarchy> Hierarchies { get; }

    public string[] AllColumns => Table.ColumnNames.ToArray();

    private readonly ConcurrentDictionary<(int K, double Limit), Lazy<AnonymizationResult>> _results = new();

    /// <summary>All nine attributes as quasi-identifiers with non-uniform entropy; computed once per (k, limit) and shared by tests.</summary>
    public AnonymizationResult Result(int k, double limit) =>
        _results.GetOrAdd((k, limit), key => new Lazy<AnonymizationResult>(() => new Anonymizer().Anonymize(Table, Config(key.K, key.Limit)))).Value;

    public AnonymizationConfig Config(int k, double limit) => new()
    {
        QuasiIdentifiers = AllColumns,
        Hierarchies = Hierarchies,
        K = k,
        SuppressionLimit = limit,
    };
}
