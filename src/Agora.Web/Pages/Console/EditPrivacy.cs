using System.Text.Json;
using Agora.Catalog.Model;
using Agora.Web.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Agora.Web.Pages.Console;

/// <summary>
/// The privacy section of the edit page: the latest scan, the suggested classification with its reasons, the steward's
/// decision and the publish gate's verdict, all read from and written through the privacy API like any client would.
/// </summary>
public sealed partial class EditModel
{
    /// <summary>GET /api/v1/datasets/{id}/privacy, when the host has the privacy capability and the caller may see it.</summary>
    public JsonElement? Privacy { get; private set; }

    public string? PrivacyError { get; private set; }

    public string? PrivacyErrorField { get; private set; }

    public bool PrivacyUpdated { get; private set; }

    public async Task<IActionResult> OnPostScanAsync(string identifier)
    {
        var answer = await api.SendJsonAsync(HttpContext, HttpMethod.Post, $"/api/v1/datasets/{Uri.EscapeDataString(identifier)}/privacy/scan", new { });
        return await AfterPrivacyWriteAsync(identifier, answer);
    }

    public async Task<IActionResult> OnPostDecisionAsync(string identifier, SecurityGrade? grade, SharingAttribute? sharing, OpeningAttribute? opening, string? reasons)
    {
        var answer = await api.SendJsonAsync(HttpContext, HttpMethod.Put, $"/api/v1/datasets/{Uri.EscapeDataString(identifier)}/privacy/decision",
            new { grade, sharing, opening, reasons });
        return await AfterPrivacyWriteAsync(identifier, answer);
    }

    private async Task<IActionResult> AfterPrivacyWriteAsync(string identifier, TablesAnswer answer)
    {
        if (answer.Ok)
        {
            return Redirect($"/console/datasets/{Uri.EscapeDataString(identifier)}?privacy=updated#privacy");
        }

        var page = await OnGetAsync(identifier, saved: false);
        PrivacyError = Localization.Messages.Show(answer.Detail ?? answer.Outcome.ToString());
        PrivacyErrorField = answer.Field;
        if (page is PageResult)
        {
            Response.StatusCode = answer.Outcome == TablesOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        }

        return page;
    }

    private async Task LoadPrivacyAsync()
    {
        PrivacyUpdated = Request.Query["privacy"] == "updated";
        if (Identifier is null)
        {
            return;
        }

        var answer = await api.GetAsync(HttpContext, $"/api/v1/datasets/{Uri.EscapeDataString(Identifier)}/privacy");
        Privacy = answer.Ok ? answer.Body : null;
    }

    /// <summary>
    /// The title of the table a verdict check speaks of (the API writes it before the message), so that the page can
    /// show the title as it is and the message in the reader's language.
    /// </summary>
    public static string? TableTitle(JsonElement privacy, JsonElement check) =>
        Text(check, "distributionId") is { } id
            ? Items(privacy, "tables").Where(t => Text(t, "distributionId") == id).Select(t => Text(t, "title")).FirstOrDefault()
            : null;

    /// <summary>A string property of a JSON object, or null.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The items of an array property, or none.</summary>
    public static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>The enum value a camelCase JSON string names (the API's spelling), or null.</summary>
    public static T? Enum<T>(JsonElement element, string name)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(Text(element, name), ignoreCase: true, out var value) ? value : null;
}
