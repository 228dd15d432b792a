using System.Globalization;

namespace Agora.Audit.Chain;

/// <summary>Record times as text: ISO 8601 UTC with all six microsecond digits, so the text gives back the hashed value.</summary>
internal static class AuditCanonicalTime
{
    public static string Format(DateTime utc) =>
        utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
