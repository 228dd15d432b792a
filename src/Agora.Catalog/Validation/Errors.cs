namespace Agora.Catalog.Validation;

/// <summary>Collects what is wrong with a request, field by field (JSON paths in camelCase).</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Single-line text: present, not too long, no control characters.</summary>
    public string? Line(string field, string? value, int max, bool required)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "is required");
            }

            return null;
        }

        if (value.Length > max)
        {
            Add(field, $"must have at most {max} characters, not {value.Length}");
        }
        else if (value.Any(char.IsControl))
        {
            Add(field, "must not contain control characters");
        }

        return value;
    }

    /// <summary>Multi-line text: tabs and line breaks allowed, other control characters not.</summary>
    public string? Text(string field, string? value, int max)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > max)
        {
            Add(field, $"must have at most {max} characters, not {value.Length}");
        }
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add(field, "must not contain control characters");
        }

        return value;
    }

    public string? Email(string field, string? value, bool required)
    {
        var email = Line(field, value, 254, required)?.ToLowerInvariant();
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            Add(field, "is not an e-mail address");
        }

        return email;
    }

    public string? Url(string field, string? value)
    {
        var url = Line(field, value, 2000, false);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            Add(field, "must be an absolute http or https URL");
        }

        return url;
    }
}
