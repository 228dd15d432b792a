using System.Text.RegularExpressions;
using Agora.Catalog.Api;
using Agora.Catalog.Model;
using Agora.Catalog.Vocabulary;

namespace Agora.Catalog.Validation;

/// <summary>Checks a write request and copies it onto the entity; nothing is copied when anything is wrong.</summary>
public static partial class InputValidation
{
    public static readonly IReadOnlySet<string> FieldTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "integer", "decimal", "boolean", "date", "datetime", "yearMonth", "geometry",
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,99}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdentifierPattern();

    public static Errors Apply(OrganizationInput input, Organization target)
    {
        var errors = new Errors();
        var slug = errors.Line("slug", input.Slug, 100, true);
        if (slug is not null && !SlugPattern().IsMatch(slug))
        {
            errors.Add("slug", "must be 2 to 100 lower-case letters, digits or hyphens, starting with a letter or digit");
        }

        var nameZh = errors.Line("name.zh", input.Name?.Zh, 200, true);
        var nameEn = errors.Line("name.en", input.Name?.En, 300, false);
        var descriptionZh = errors.Text("description.zh", input.Description?.Zh, 10_000);
        var descriptionEn = errors.Text("description.en", input.Description?.En, 10_000);
        var creditCode = input.CreditCode?.Trim().ToUpperInvariant();
        if (CreditCode.Validate(creditCode) is { } creditProblem)
        {
            errors.Add("creditCode", $"the unified social credit code {creditProblem}");
        }

        if (input.Level is null)
        {
            errors.Add("level", "is required (national, provincial, municipal or county)");
        }

        var region = input.RegionCode?.Trim();
        if (string.IsNullOrEmpty(region))
        {
            errors.Add("regionCode", "is required");
        }
        else if (!RegionCodes.IsKnown(region))
        {
            errors.Add("regionCode", $"'{region}' is not a GB/T 2260 division code");
        }

        if (input.ParentId is { } parent && parent == target.Id)
        {
            errors.Add("parentId", "an organization cannot be its own parent");
        }

        var contactName = errors.Line("contact.name", input.Contact?.Name, 100, false);
        var contactEmail = errors.Email("contact.email", input.Contact?.Email, false);
        var contactPhone = errors.Line("contact.phone", input.Contact?.Phone, 40, false);
        var homepage = errors.Url("homepage", input.Homepage);
        if (errors.Any)
        {
            return errors;
        }

        target.Slug = slug!;
        target.NameZh = nameZh!;
        target.NameEn = nameEn;
        target.DescriptionZh = descriptionZh;
        target.DescriptionEn = descriptionEn;
        target.CreditCode = creditCode!;
        target.Level = input.Level!.Value;
        target.RegionCode = region!;
        target.ParentId = input.ParentId;
        target.ContactName = contactName;
        target.ContactEmail = contactEmail;
        target.ContactPhone = contactPhone;
        target.Homepage = homepage;
        return errors;
    }

    public static Errors Apply(DatasetInput input, Dataset target)
    {
        var errors = new Errors();
        var identifier = errors.Line("identifier", input.Identifier, 100, true);
        if (identifier is not null && !IdentifierPattern().IsMatch(identifier))
        {
            errors.Add("identifier", "must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var titleZh = errors.Line("title.zh", input.Title?.Zh, 300, true);
        var titleEn = errors.Line("title.en", input.Title?.En, 500, false);
        var descriptionZh = errors.Text("description.zh", input.Description?.Zh, 20_000);
        var descriptionEn = errors.Text("description.en", input.Description?.En, 20_000);
        if (input.OrganizationId is null)
        {
            errors.Add("organizationId", "is required");
        }

        var themes = input.Themes?.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (themes.Count == 0)
        {
            errors.Add("themes", "at least one theme is required");
        }

        foreach (var theme in themes.Where(t => !Themes.IsKnown(t)))
        {
            errors.Add("themes", $"'{theme}' is not a theme; use one of {string.Join(", ", Themes.All.Select(t => t.Code))}");
        }

        var keywords = new List<string>();
        foreach (var (keyword, i) in (input.Keywords ?? []).Select((k, i) => (k, i)))
        {
            if (errors.Line($"keywords[{i}]", keyword, 50, true) is { } k && !keywords.Contains(k, StringComparer.Ordinal))
            {
                keywords.Add(k);
            }
        }

        if (keywords.Count > 50)
        {
            errors.Add("keywords", "at most 50 keywords");
        }

        var license = input.License?.Trim();
        if (string.IsNullOrEmpty(license))
        {
            errors.Add("license", "is required");
        }
        else if (!Licenses.IsKnown(license))
        {
            errors.Add("license", $"'{license}' is not a licence Agora knows; use one of {string.Join(", ", Licenses.All.Select(l => l.Id))}");
        }

        var contactName = errors.Line("contactPoint.name", input.ContactPoint?.Name, 100, false);
        var contactEmail = errors.Email("contactPoint.email", input.ContactPoint?.Email, false);
        var contactPhone = errors.Line("contactPoint.phone", input.ContactPoint?.Phone, 40, false);
        if (input.Temporal is { Start: { } start, End: { } end } && start > end)
        {
            errors.Add("temporal.end", "must not be before temporal.start");
        }

        var spatial = input.SpatialRegionCode?.Trim();
        if (!string.IsNullOrEmpty(spatial) && !RegionCodes.IsKnown(spatial))
        {
            errors.Add("spatialRegionCode", $"'{spatial}' is not a GB/T 2260 division code");
        }

        if (input.Sharing is null)
        {
            errors.Add("sharing", "is required (unconditional, conditional or notShared)");
        }

        if (input.Opening is null)
        {
            errors.Add("opening", "is required (open, conditional or closed)");
        }

        if (input.SecurityGrade is null)
        {
            errors.Add("securityGrade", "is required (general, important or core)");
        }

        var sharingConditions = errors.Text("sharingConditions", input.SharingConditions, 5000);
        var legalBasis = errors.Text("legalBasis", input.LegalBasis, 5000);
        var openingConditions = errors.Text("openingConditions", input.OpeningConditions, 5000);
        if (input.Sharing == SharingAttribute.Conditional && sharingConditions is null)
        {
            errors.Add("sharingConditions", "a conditionally shared dataset must state its conditions");
        }

        if (input.Opening == OpeningAttribute.Conditional && openingConditions is null)
        {
            errors.Add("openingConditions", "a conditionally open dataset must state its conditions");
        }

        var fields = ValidateFields(input.Fields, errors);
        if (errors.Any)
        {
            return errors;
        }

        if (CatalogRules.Check(input.Sharing!.Value, input.Opening!.Value, input.SecurityGrade!.Value, legalBasis) is { } rule)
        {
            errors.Add(rule.Field, rule.Reason);
            return errors;
        }

        target.Identifier = identifier!;
        target.TitleZh = titleZh!;
        target.TitleEn = titleEn;
        target.DescriptionZh = descriptionZh;
        target.DescriptionEn = descriptionEn;
        target.OrganizationId = input.OrganizationId!.Value;
        target.Themes = themes;
        target.Keywords = keywords;
        target.License = license!;
        target.ContactName = contactName;
        target.ContactEmail = contactEmail;
        target.ContactPhone = contactPhone;
        target.Issued = input.Issued;
        target.UpdateFrequency = input.UpdateFrequency ?? UpdateFrequency.Irregular;
        target.TemporalStart = input.Temporal?.Start;
        target.TemporalEnd = input.Temporal?.End;
        target.SpatialRegionCode = string.IsNullOrEmpty(spatial) ? null : spatial;
        target.Sharing = input.Sharing.Value;
        target.SharingConditions = sharingConditions;
        target.LegalBasis = legalBasis;
        target.Opening = input.Opening.Value;
        target.OpeningConditions = openingConditions;
        target.SecurityGrade = input.SecurityGrade.Value;
        target.Fields = fields;
        return errors;
    }

    /// <summary>Whether an error set is a rule violation (a forbidden combination) rather than a malformed field.</summary>
    public static bool IsRuleViolation(Errors errors, DatasetInput input) =>
        input.Sharing is { } s && input.Opening is { } o && input.SecurityGrade is { } g
        && CatalogRules.Check(s, o, g, input.LegalBasis) is { } rule
        && errors.ToDictionary().Count == 1 && errors.ToDictionary().ContainsKey(rule.Field);

    private static List<FieldSpec> ValidateFields(List<FieldSpec>? input, Errors errors)
    {
        var fields = new List<FieldSpec>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (input is { Count: > 2000 })
        {
            errors.Add("fields", "at most 2000 fields");
            return fields;
        }

        for (var i = 0; i < (input?.Count ?? 0); i++)
        {
            var field = input![i];
            var name = errors.Line($"fields[{i}].name", field?.Name, 128, true);
            if (name is not null && !names.Add(name))
            {
                errors.Add($"fields[{i}].name", $"'{name}' appears twice");
            }

            var label = errors.Line($"fields[{i}].label", field?.Label, 200, false);
            var type = field?.Type?.Trim() ?? "text";
            if (!FieldTypes.Contains(type))
            {
                errors.Add($"fields[{i}].type", $"'{type}' is not a field type; use one of {string.Join(", ", FieldTypes)}");
            }

            var description = errors.Text($"fields[{i}].description", field?.Description, 2000);
            if (name is not null)
            {
                fields.Add(new FieldSpec(name, label, type, description, field?.Sensitivity ?? FieldSensitivity.None));
            }
        }

        return fields;
    }
}
