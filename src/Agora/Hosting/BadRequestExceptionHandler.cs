using System.Text.Json;
using Agora.Catalog;
using Microsoft.AspNetCore.Diagnostics;

namespace Agora.Hosting;

/// <summary>
/// Turns requests that could not be read (malformed JSON, a wrong enum value, a body over the limit) into problem
/// details that name the field, instead of a bare status code; and a read that lost the race for a grant's last
/// quota into 429.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is Wiring.GrantQuotaExceededException quota && !context.Response.HasStarted)
        {
            await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "quota-exhausted", "The quota is used up", quota.Message);
            return true;
        }

        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Problems.WriteAsync(context, 413, "payload-too-large", "The request body is too large", bad.Message);
            return true;
        }

        var json = FindJsonException(bad);
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        var detail = json is null ? bad.Message : $"the JSON body could not be read{(field is null ? "" : $" at '{field}'")}: {FirstSentence(json.Message)}";
        await Problems.WriteAsync(context, bad.StatusCode, "malformed-request", "The request could not be read", detail, field);
        return true;
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static string FirstSentence(string message)
    {
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "the value has the wrong type or is not one of the allowed values.";
        }

        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
