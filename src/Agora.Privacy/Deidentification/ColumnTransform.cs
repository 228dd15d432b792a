using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Agora.Privacy.Hierarchies;

namespace Agora.Privacy.Deidentification;

/// <summary>What happens to one column when a dataset is de-identified.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(KeepColumn), "keep")]
[JsonDerivedType(typeof(DropColumn), "drop")]
[JsonDerivedType(typeof(MaskColumn), "mask")]
[JsonDerivedType(typeof(PseudonymizeColumn), "pseudonymize")]
[JsonDerivedType(typeof(GeneralizeColumn), "generalize")]
[JsonDerivedType(typeof(TopBottomCodeColumn), "topBottomCode")]
[JsonDerivedType(typeof(RoundColumn), "round")]
public abstract record ColumnTransform
{
    /// <summary>The camelCase name of the transform, as written in reports.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }

    /// <summary>True when the transform removes or replaces identifying content (what the publish gate asks of direct identifiers).</summary>
    [JsonIgnore]
    public virtual bool Protects => true;

    internal abstract string Apply(string value, string column, int row);
}

public sealed record KeepColumn : ColumnTransform
{
    public override string Kind => "keep";

    public override bool Protects => false;

    internal override string Apply(string value, string column, int row) => value;
}

public sealed record DropColumn : ColumnTransform
{
    public override string Kind => "drop";

    internal override string Apply(string value, string column, int row) => string.Empty;
}

/// <summary>Keeps the first and last characters and masks the rest: 110101199003074518 → 110101********4518 with the defaults.</summary>
public sealed record MaskColumn(int KeepFirst = 6, int KeepLast = 4, char MaskChar = '*') : ColumnTransform
{
    public override string Kind => "mask";

    internal override string Apply(string value, string column, int row)
    {
        var v = value.Trim();
        if (v.Length == 0)
        {
            return value;
        }

        var first = KeepFirst;
        var last = KeepLast;
        if (first + last >= v.Length)
        {
            // Short values keep at most a quarter at each end, so that at least half is masked.
            first = Math.Min(first, v.Length / 4);
            last = Math.Min(last, v.Length / 4);
            if (first + last == 0 && v.Length > 1)
            {
                first = 1;
            }
        }

        return string.Concat(v.AsSpan(0, first), new string(MaskChar, v.Length - first - last), v.AsSpan(v.Length - last));
    }
}

/// <summary>Replaces each value by a keyed pseudonym: HMAC-SHA-256 under a per-dataset secret, hex, truncated to Length characters.</summary>
public sealed record PseudonymizeColumn(PseudonymKey Key, int Length = 32) : ColumnTransform
{
    public override string Kind => "pseudonymize";

    internal override string Apply(string value, string column, int row) =>
        value.Length == 0 ? value : Key.Pseudonym(value, Length);
}

/// <summary>Replaces each value by its label at a level of a hierarchy.</summary>
public sealed record GeneralizeColumn([property: JsonIgnore] Hierarchy Hierarchy, int Level) : ColumnTransform
{
    public override string Kind => "generalize";

    public string HierarchySource => Hierarchy.Source;

    internal override string Apply(string value, string column, int row) =>
        Hierarchy.Generalize(value, Level) ?? throw PrivacyInputException.Failure(
            $"row {row}, column '{column}': value '{value}' is not in the hierarchy {Hierarchy.Source}.", null, row, column);
}

/// <summary>Replaces numbers below Bottom by '&lt;Bottom' and above Top by '&gt;Top'.</summary>
public sealed record TopBottomCodeColumn(decimal? Bottom, decimal? Top) : ColumnTransform
{
    public override string Kind => "topBottomCode";

    public override bool Protects => false;

    internal override string Apply(string value, string column, int row)
    {
        if (!TryNumber(value, column, row, out var number))
        {
            return value;
        }

        if (Bottom is { } b && number < b)
        {
            return "<" + b.ToString(CultureInfo.InvariantCulture);
        }

        return Top is { } t && number > t ? ">" + t.ToString(CultureInfo.InvariantCulture) : value;
    }

    internal static bool TryNumber(string value, string column, int row, out decimal number)
    {
        number = 0;
        if (value.Trim().Length == 0)
        {
            return false;
        }

        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            throw PrivacyInputException.Failure($"row {row}, column '{column}': '{value}' is not a number.", null, row, column);
        }

        return true;
    }
}

/// <summary>Rounds numbers to the nearest multiple of Step (half away from zero).</summary>
public sealed record RoundColumn(decimal Step) : ColumnTransform
{
    public override string Kind => "round";

    public override bool Protects => false;

    internal override string Apply(string value, string column, int row)
    {
        if (!TopBottomCodeColumn.TryNumber(value, column, row, out var number))
        {
            return value;
        }

        var rounded = Math.Round(number / Step, MidpointRounding.AwayFromZero) * Step;
        return (rounded / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The secret behind keyed pseudonyms. One key per dataset: keep it to get the same pseudonyms in every release
/// (linkable over time), or derive a new one per release to make releases unlinkable.
/// </summary>
public sealed class PseudonymKey
{
    private readonly byte[] _secret;

    private PseudonymKey(byte[] secret) => _secret = secret;

    public static PseudonymKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    public static PseudonymKey FromBase64(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return bytes.Length < 16 ? throw new ArgumentException("A pseudonym key needs at least 16 bytes.", nameof(base64)) : new PseudonymKey(bytes);
    }

    /// <summary>Derives a dataset's key from a platform secret: stable across releases unless a release label is given.</summary>
    public static PseudonymKey ForDataset(ReadOnlySpan<byte> platformSecret, string datasetId, string? release = null) =>
        new(HMACSHA256.HashData(platformSecret, Encoding.UTF8.GetBytes($"agora-pseudonym\u001f{datasetId}\u001f{release}")));

    public string ToBase64() => Convert.ToBase64String(_secret);

    public string Pseudonym(string value, int length = 32)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(value), mac);
        var hex = Convert.ToHexStringLower(mac);
        return hex[..Math.Clamp(length, 8, hex.Length)];
    }
}
