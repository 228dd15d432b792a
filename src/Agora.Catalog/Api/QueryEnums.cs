using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Catalog.Api;

/// <summary>Query-string enums in the same camelCase the JSON uses (the framework's binder is case-sensitive).</summary>
public static class QueryEnums
{
    public static bool TryParse<T>(string? value, string field, out T? result, out ProblemHttpResult? problem)
        where T : struct, Enum
    {
        result = null;
        problem = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0]))
        {
            result = parsed;
            return true;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
        problem = Problems.Validation(field, $"'{value}' is not one of {allowed}");
        return false;
    }
}
