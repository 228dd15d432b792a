using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agora.Tables.Http;

/// <summary>RFC 9457 problem details with a stable <c>urn:agora:problem:</c> type.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, string? field = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (field is not null)
        {
            all["field"] = field;
        }
        return TypedResults.Problem(detail, null, status, title, "urn:agora:problem:" + code, all);
    }

    public static ProblemHttpResult NotFound(string what = "distribution") =>
        Create(StatusCodes.Status404NotFound, $"{what}-not-found", $"No such {what}.", $"There is no {what} with this id, or you may not see it.");

    public static ProblemHttpResult Forbidden(string? reason) =>
        Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed.", reason ?? "You may not do this with this distribution.");

    public static ProblemHttpResult QuotaExhausted(string? reason) =>
        Create(StatusCodes.Status429TooManyRequests, "quota-exhausted", "The quota is used up.", reason ?? "Today's quota of your grant is used up.");

    public static ProblemHttpResult NoData() =>
        Create(StatusCodes.Status404NotFound, "no-data", "The distribution has no table data yet.", "Upload a file to this distribution first.");
}
