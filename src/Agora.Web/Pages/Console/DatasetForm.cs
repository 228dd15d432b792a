using System.Globalization;
using Agora.Catalog.Api;
using Agora.Catalog.Model;

namespace Agora.Web.Pages.Console;

/// <summary>The console's dataset form: every catalog field, as an HTML form posts it.</summary>
public sealed class DatasetForm
{
    public string? Identifier { get; set; }
    public Guid? OrganizationId { get; set; }
    public string? TitleZh { get; set; }
    public string? TitleEn { get; set; }
    public string? DescriptionZh { get; set; }
    public string? DescriptionEn { get; set; }
    public List<string> Themes { get; set; } = [];
    public string? Keywords { get; set; }
    public string? License { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public DateOnly? Issued { get; set; }
    public UpdateFrequency? UpdateFrequency { get; set; }
    public DateOnly? TemporalStart { get; set; }
    public DateOnly? TemporalEnd { get; set; }
    public string? SpatialRegionCode { get; set; }
    public SharingAttribute? Sharing { get; set; }
    public string? SharingConditions { get; set; }
    public string? LegalBasis { get; set; }
    public OpeningAttribute? Opening { get; set; }
    public string? OpeningConditions { get; set; }
    public SecurityGrade? SecurityGrade { get; set; }

    /// <summary>One field a line: name|label|type|sensitivity (label, type and sensitivity optional).</summary>
    public string? Fields { get; set; }

    public static DatasetForm From(Dataset d) => new()
    {
        Identifier = d.Identifier,
        OrganizationId = d.OrganizationId,
        TitleZh = d.TitleZh,
        TitleEn = d.TitleEn,
        DescriptionZh = d.DescriptionZh,
        DescriptionEn = d.DescriptionEn,
        Themes = [.. d.Themes],
        Keywords = string.Join(", ", d.Keywords),
        License = d.License,
        ContactName = d.ContactName,
        ContactEmail = d.ContactEmail,
        ContactPhone = d.ContactPhone,
        Issued = d.Issued,
        UpdateFrequency = d.UpdateFrequency,
        TemporalStart = d.TemporalStart,
        TemporalEnd = d.TemporalEnd,
        SpatialRegionCode = d.SpatialRegionCode,
        Sharing = d.Sharing,
        SharingConditions = d.SharingConditions,
        LegalBasis = d.LegalBasis,
        Opening = d.Opening,
        OpeningConditions = d.OpeningConditions,
        SecurityGrade = d.SecurityGrade,
        Fields = string.Join('\n', d.Fields.Select(f => string.Join('|', f.Name, f.Label ?? "", f.Type, Portal.Labels.Camel(f.Sensitivity.ToString())))),
    };

    /// <summary>The API's input; the form's text fields are split here, and checked by the API's rules.</summary>
    public DatasetInput ToInput() => new(
        Identifier,
        new LocalizedText(TitleZh, TitleEn),
        new LocalizedText(DescriptionZh, DescriptionEn),
        OrganizationId,
        Themes,
        [.. (Keywords ?? "").Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        License,
        new Contact(ContactName, ContactEmail, ContactPhone),
        Issued,
        UpdateFrequency,
        new Temporal(TemporalStart, TemporalEnd),
        SpatialRegionCode,
        Sharing,
        SharingConditions,
        LegalBasis,
        Opening,
        OpeningConditions,
        SecurityGrade,
        ParseFields());

    private List<FieldSpec> ParseFields()
    {
        var fields = new List<FieldSpec>();
        foreach (var line in (Fields ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var sensitivity = parts.Length > 3 && Enum.TryParse<FieldSensitivity>(parts[3], ignoreCase: true, out var s) ? s : FieldSensitivity.None;
            fields.Add(new FieldSpec(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null,
                parts.Length > 2 && parts[2].Length > 0 ? parts[2] : "text", null, sensitivity));
        }

        return fields;
    }

    /// <summary>Maps an API error path (title.zh, contactPoint.email, fields[2].type) to the form field that shows it.</summary>
    public static string FieldOf(string path)
    {
        if (path.StartsWith("fields", StringComparison.Ordinal))
        {
            return nameof(Fields);
        }

        if (path.StartsWith("keywords", StringComparison.Ordinal))
        {
            return nameof(Keywords);
        }

        return path switch
        {
            "title.zh" => nameof(TitleZh),
            "title.en" => nameof(TitleEn),
            "description.zh" => nameof(DescriptionZh),
            "description.en" => nameof(DescriptionEn),
            "contactPoint.name" => nameof(ContactName),
            "contactPoint.email" => nameof(ContactEmail),
            "contactPoint.phone" => nameof(ContactPhone),
            "temporal.start" => nameof(TemporalStart),
            "temporal.end" => nameof(TemporalEnd),
            _ => char.ToUpper(path[0], CultureInfo.InvariantCulture) + path[1..],
        };
    }
}
