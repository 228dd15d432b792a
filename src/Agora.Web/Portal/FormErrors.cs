using System.Collections;
using System.Text.Json;
using Agora.Sharing.Workflow;
using Agora.Web.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agora.Web.Portal;

/// <summary>
/// What is wrong with a posted form, field by field, named as the workflow or the API names it (purpose, reason,
/// validTo…): the page shows a summary that links to each field and the message beside the field.
/// </summary>
public sealed class FormErrors : IEnumerable<KeyValuePair<string, List<string>>>
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    /// <summary>A message under a field, in the reader's language (the workflow and the APIs write English).</summary>
    public void Add(string field, string message) => Put(field, Messages.Show(message));

    /// <summary>A message already in the reader's language.</summary>
    private void Put(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public IReadOnlyList<string> Of(string field) => errors.TryGetValue(field, out var list) ? list : [];

    /// <summary>The value of aria-invalid for a field: "true" or nothing.</summary>
    public string? Invalid(string field) => Of(field).Count > 0 ? "true" : null;

    /// <summary>A workflow's refusal: every field it names, or its one message under the field at fault.</summary>
    internal void Add(SharingException refusal)
    {
        if (!AddAll(refusal.Extensions?.TryGetValue("errors", out var listed) == true ? listed : null))
        {
            Add(refusal.Field ?? "", refusal.Message);
        }
    }

    /// <summary>
    /// An API handler's problem, read the same way; <paramref name="rename"/> puts a message under the form's field
    /// when the API names it otherwise (an endpoint's index in a list that the form shows as lines).
    /// </summary>
    internal void Add(ProblemHttpResult problem, Func<string, string, (string Field, string Message)>? rename = null)
    {
        var details = problem.ProblemDetails;
        if (!AddAll(details.Extensions.TryGetValue("errors", out var listed) ? listed : null, rename))
        {
            AddRenamed(details.Extensions.TryGetValue("field", out var named) ? named as string ?? "" : "", details.Detail ?? details.Title ?? "", rename);
        }
    }

    /// <summary>
    /// A refusal of the API called on the page's behalf, read the same way; <paramref name="rename"/> maps the API's
    /// field names to the form's.
    /// </summary>
    internal void Add(TablesAnswer answer, Func<string, string>? rename = null)
    {
        if (answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("errors", out var listed) && listed.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in listed.EnumerateObject())
            {
                foreach (var message in field.Value.EnumerateArray())
                {
                    Add(Renamed(field.Name), message.GetString() ?? "");
                }
            }
        }
        else
        {
            Add(Renamed(answer.Field ?? ""), answer.Detail ?? answer.Outcome.ToString());
        }

        string Renamed(string field) => field.Length == 0 || rename is null ? field : rename(field);
    }

    private void AddRenamed(string field, string message, Func<string, string, (string Field, string Message)>? rename)
    {
        // In the reader's language before the page words it ("line 2: …"), which the table would no longer know.
        message = Messages.Show(message);
        var (to, text) = rename?.Invoke(field, message) ?? (field, message);
        Put(to, text);
    }

    /// <summary>
    /// Values the binder could not read (a date typed by hand in an old browser), under the field's name in camelCase;
    /// <paramref name="rename"/> maps a form name to the workflow's when they differ.
    /// </summary>
    public void AddUnreadable(ModelStateDictionary modelState, Func<string, string>? rename = null)
    {
        foreach (var (key, state) in modelState)
        {
            if (state.Errors.Count == 0)
            {
                continue;
            }

            var name = key.Contains('.', StringComparison.Ordinal) ? key[(key.LastIndexOf('.') + 1)..] : key;
            name = name.Length == 0 ? "" : char.ToLowerInvariant(name[0]) + name[1..];
            Put(rename?.Invoke(name) ?? name, Texts.Get("form.unreadable"));
        }
    }

    /// <summary>The messages beside a field, in an element that the field names in aria-describedby (err-{id}).</summary>
    public IHtmlContent Beside(string field, string id)
    {
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<p class=\"field-error\" id=\"err-{id}\">");
        foreach (var message in Of(field))
        {
            builder.Append(message);
            builder.AppendHtml("<br>");
        }

        builder.AppendHtml("</p>");
        return builder;
    }

    /// <summary>The label of a field in the summary: the form's own words when known, else the field's name.</summary>
    public static string Label(string field) =>
        field.Length == 0 ? "" : Texts.Get("field." + field) is var label && label != "field." + field ? label : field;

    /// <summary>The "errors" extension of a problem (field → messages), when there is one.</summary>
    private bool AddAll(object? listed, Func<string, string, (string Field, string Message)>? rename = null)
    {
        if (listed is not IEnumerable<KeyValuePair<string, string[]>> all)
        {
            return false;
        }

        foreach (var (field, messages) in all)
        {
            foreach (var message in messages)
            {
                AddRenamed(field, message, rename);
            }
        }

        return true;
    }

    public IEnumerator<KeyValuePair<string, List<string>>> GetEnumerator() => errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
