using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Sharing.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Sharing.Api;

internal static class SharingProblems
{
    public static ProblemHttpResult From(SharingException e)
    {
        var extensions = new Dictionary<string, object?>();
        if (e.Field is not null)
        {
            extensions["field"] = e.Field;
        }

        foreach (var (key, value) in e.Extensions ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        if (e.Code == "validation" && !extensions.ContainsKey("errors") && e.Field is not null)
        {
            extensions["errors"] = new Dictionary<string, string[]> { [e.Field] = [e.Message[(e.Field.Length + 2)..]] };
        }

        return TypedResults.Problem(e.Message, type: Problems.TypePrefix + e.Code, title: e.Title, statusCode: e.Status, extensions: extensions);
    }

    public static async Task<Actor> ActorAsync(HttpContext http) =>
        new(await http.RequestServices.GetRequiredService<CallerAccessor>().GetAsync(http), http.TraceIdentifier, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>Runs a workflow step and turns its refusal into a problem.</summary>
    public static async Task<Results<TOk, ProblemHttpResult>> RunAsync<TOk>(Func<Task<TOk>> step)
        where TOk : IResult
    {
        try
        {
            return await step();
        }
        catch (SharingException e)
        {
            return From(e);
        }
    }
}
