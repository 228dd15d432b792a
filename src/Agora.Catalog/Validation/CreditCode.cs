namespace Agora.Catalog.Validation;

/// <summary>Unified social credit code (统一社会信用代码), GB 32100-2015.</summary>
public static class CreditCode
{
    // The code's alphabet: digits and capitals without I, O, Z, S, V.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Returns null when the code is valid, otherwise a reason.</summary>
    public static string? Validate(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "is required";
        }

        if (code.Length != 18)
        {
            return $"must have 18 characters, not {code.Length}";
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return $"has an invalid character '{code[i]}' at position {i + 1}";
            }

            sum += value * Weights[i];
        }

        var expected = Alphabet[(31 - (sum % 31)) % 31];
        return code[17] == expected ? null : $"has check character '{code[17]}' where '{expected}' was expected";
    }

    public static bool IsValid(string? code) => Validate(code) is null;

    /// <summary>Completes 17 characters with their check character (for demo data and tests).</summary>
    public static string WithCheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }

        return first17 + Alphabet[(31 - (sum % 31)) % 31];
    }
}
