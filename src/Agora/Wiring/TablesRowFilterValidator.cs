using Agora.Sharing.Workflow;
using Agora.Tables.Query;

namespace Agora.Wiring;

/// <summary>
/// Checks a grant's row filter with the tables engine's own <c>$where</c> parser: a provider cannot save a filter that
/// the engine would later fail to apply (which would make every read under the grant fail).
/// </summary>
internal sealed class TablesRowFilterValidator : IRowFilterValidator
{
    public string? Validate(string filter, IReadOnlyCollection<string> fields) => RowFilterSyntax.Check(filter, fields);
}
