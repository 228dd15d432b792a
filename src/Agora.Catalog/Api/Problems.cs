using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Agora.Catalog;

/// <summary>RFC 9457 problem details with a stable <c>type</c> and the offending field.</summary>
public static class Problems
{
    public const string TypePrefix = "urn:agora:problem:";

    public static ProblemHttpResult Validation(string field, string detail) =>
        Create(StatusCodes.Status400BadRequest, "validation", "The request is not valid", $"{field}: {detail}",
            field, new Dictionary<string, string[]> { [field] = [detail] });

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors)
    {
        var first = errors.First();
        return Create(StatusCodes.Status400BadRequest, "validation", "The request is not valid",
            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), first.Key, errors);
    }

    /// <summary>A combination of sharing, opening and grade that the rules of DESIGN.md forbid.</summary>
    public static ProblemHttpResult AttributeRule(string field, string detail) =>
        Create(StatusCodes.Status400BadRequest, "attribute-rule", "The attributes break a catalog rule", detail, field,
            new Dictionary<string, string[]> { [field] = [detail] });

    /// <summary>The privacy gate refused to let the dataset become open; <paramref name="column"/> names the column at fault.</summary>
    public static ProblemHttpResult PrivacyGate(string detail, string? column)
    {
        var extensions = new Dictionary<string, object?> { ["field"] = "opening" };
        if (column is not null)
        {
            extensions["column"] = column;
        }

        return TypedResults.Problem(detail, type: TypePrefix + "privacy-gate", title: "The privacy gate has not passed",
            statusCode: StatusCodes.Status409Conflict, extensions: extensions);
    }

    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found", $"{what} was not found", null, null);

    public static ProblemHttpResult Unauthorized(string detail = "this needs a bearer token or a signed-in session") =>
        Create(StatusCodes.Status401Unauthorized, "not-authenticated", "Authentication required", detail, null, null);

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", detail, null, null);

    public static ProblemHttpResult Conflict(string field, string detail) =>
        Create(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, field, null);

    public static ProblemHttpResult Create(int status, string code, string title, string detail, string? field,
        IReadOnlyDictionary<string, string[]>? errors)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null)
        {
            extensions["field"] = field;
        }

        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, type: TypePrefix + code, title: title, statusCode: status, extensions: extensions);
    }

    /// <summary>Writes a problem outside an endpoint (authentication handlers, middleware).</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + code,
            Title = title,
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
