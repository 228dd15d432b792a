using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Agora.Audit.Chain;

/// <summary>Checks an entry and turns it into a record whose every value survives both stores unchanged.</summary>
internal static class AuditEntries
{
    public const int MaxActionLength = 64;
    public const int MaxTextLength = 4000;
    public const int MaxShortTextLength = 256;
    public const int MaxColumns = 2000;
    public const int MaxDetailsBytes = 64 * 1024;

    // Chinese text stays readable in the store; the API serves details as JSON, never as HTML.
    private static readonly JsonSerializerOptions DetailsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AuditRecord ToRecord(AuditEntry entry, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsActionName(entry.Action))
        {
            throw new ArgumentException(
                $"action: '{entry.Action}' is not an action name (lower-case letters, digits, '.', '_' or '-', at most {MaxActionLength})",
                nameof(entry));
        }

        if (!Enum.IsDefined(entry.Outcome))
        {
            throw new ArgumentException("outcome: not one of ok, denied, error", nameof(entry));
        }

        if (entry.RowCount < 0 || entry.Bytes < 0)
        {
            throw new ArgumentException("rowCount and bytes cannot be negative", nameof(entry));
        }

        List<string>? columns = null;
        if (entry.Columns is not null)
        {
            if (entry.Columns.Count > MaxColumns)
            {
                throw new ArgumentException($"columns: more than {MaxColumns}", nameof(entry));
            }

            columns = new List<string>(entry.Columns.Count);
            foreach (var column in entry.Columns)
            {
                columns.Add(Text(column ?? throw new ArgumentException("columns: a column name is null", nameof(entry)), "columns", MaxShortTextLength)!);
            }
        }

        var time = entry.Time?.UtcDateTime ?? now;
        return new AuditRecord
        {
            Time = AuditCanonical.Truncate(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            Action = entry.Action,
            Outcome = entry.Outcome,
            StatusCode = entry.StatusCode,
            UserId = entry.UserId,
            OrganizationId = entry.OrganizationId,
            TokenId = entry.TokenId,
            DatasetId = entry.DatasetId,
            OwnerOrganizationId = entry.OwnerOrganizationId,
            DistributionId = entry.DistributionId,
            GrantId = entry.GrantId,
            Purpose = Text(entry.Purpose, "purpose", MaxTextLength),
            Columns = columns,
            RowCount = entry.RowCount,
            Bytes = entry.Bytes,
            ClientAddress = Text(entry.ClientAddress, "clientAddress", MaxShortTextLength),
            RequestId = Text(entry.RequestId, "requestId", MaxShortTextLength),
            Details = entry.WrittenDetails is { } written ? Checked(written.Json) : Details(entry.Details),
        };
    }

    public static bool IsActionName(string? action)
    {
        if (string.IsNullOrEmpty(action) || action.Length > MaxActionLength || action[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in action)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// PostgreSQL refuses NUL in text and neither store keeps a lone surrogate: both become U+FFFD here, before the
    /// hash, so that what is hashed is exactly what is stored.
    /// </summary>
    private static string? Text(string? value, string field, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > max)
        {
            throw new ArgumentException($"{field}: longer than {max} characters", field);
        }

        var clean = true;
        foreach (var c in value)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                clean = false;
                break;
            }
        }

        return clean ? value : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)).Replace('\0', '\uFFFD');
    }

    private static string? Details(JsonElement? details)
    {
        if (details is not { } element || element.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        string text;
        try
        {
            // Re-written compactly; strings come out escaped, so NUL and lone surrogates cannot reach the store.
            text = JsonSerializer.Serialize(element, DetailsJson);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            throw new ArgumentException($"details: not writable as JSON ({e.Message})", nameof(details), e);
        }

        return Checked(text);
    }

    private static string Checked(string details) => Encoding.UTF8.GetByteCount(details) > MaxDetailsBytes
        ? throw new ArgumentException($"details: larger than {MaxDetailsBytes} bytes", nameof(details))
        : details;
}
