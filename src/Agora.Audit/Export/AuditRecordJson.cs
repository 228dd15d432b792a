using System.Text.Json;
using Agora.Audit.Chain;

namespace Agora.Audit.Export;

/// <summary>One record as a JSON object, the shape of the API and of NDJSON exports (camelCase, hashes in hex).</summary>
internal static class AuditRecordJson
{
    public static void Write(Utf8JsonWriter json, AuditRecord r)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", r.Sequence);
        json.WriteString("time", AuditCanonicalTime.Format(r.Time));
        json.WriteString("action", r.Action);
        json.WriteString("outcome", AuditCanonical.OutcomeName(r.Outcome));
        Number("statusCode", r.StatusCode);
        Uuid("userId", r.UserId);
        Uuid("organizationId", r.OrganizationId);
        Uuid("tokenId", r.TokenId);
        Uuid("datasetId", r.DatasetId);
        Uuid("ownerOrganizationId", r.OwnerOrganizationId);
        Uuid("distributionId", r.DistributionId);
        Uuid("grantId", r.GrantId);
        Str("purpose", r.Purpose);
        if (r.Columns is null)
        {
            json.WriteNull("columns");
        }
        else
        {
            json.WriteStartArray("columns");
            foreach (var column in r.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
        }

        Number("rowCount", r.RowCount);
        Number("bytes", r.Bytes);
        Str("clientAddress", r.ClientAddress);
        Str("requestId", r.RequestId);
        json.WritePropertyName("details");
        if (r.Details is null)
        {
            json.WriteNullValue();
        }
        else
        {
            // Written by the log as compact JSON; a row altered into something else is still exported, as a string.
            try
            {
                json.WriteRawValue(r.Details, skipInputValidation: false);
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                json.WriteStringValue(r.Details);
            }
        }

        json.WriteString("previousHash", Convert.ToHexStringLower(r.PreviousHash));
        json.WriteString("hash", Convert.ToHexStringLower(r.Hash));
        json.WriteEndObject();

        void Number(string name, long? value)
        {
            if (value is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteNumber(name, value.Value);
            }
        }

        void Uuid(string name, Guid? value)
        {
            if (value is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteString(name, value.Value);
            }
        }

        void Str(string name, string? value)
        {
            if (value is null)
            {
                json.WriteNull(name);
            }
            else
            {
                json.WriteString(name, value);
            }
        }
    }
}
