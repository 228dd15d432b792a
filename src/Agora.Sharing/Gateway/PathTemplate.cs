namespace Agora.Sharing.Gateway;

/// <summary>
/// An endpoint as "METHOD /path/{param}/{**rest}": <c>{name}</c> matches one segment, <c>{**name}</c> the rest of
/// the path; the method <c>*</c> matches any method.
/// </summary>
internal static class PathTemplate
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "*", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };

    /// <summary>Normalises "get  /a/{id}" into "GET /a/{id}"; null and an error when it is not an endpoint.</summary>
    public static string? Normalize(string? method, string? path, out string? error)
    {
        error = null;
        var m = method?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(m) || !Methods.Contains(m))
        {
            error = "method must be GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS or *";
            return null;
        }

        var p = path?.Trim();
        if (string.IsNullOrEmpty(p) || p[0] != '/' || p.Length > 500 || p.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '?' or '#'))
        {
            error = "path must start with '/' and hold no spaces, '?' or '#'";
            return null;
        }

        var segments = p.Split('/')[1..];
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (s is "." or "..")
            {
                error = "path must not contain '.' or '..' segments";
                return null;
            }

            if (s.Contains('{') || s.Contains('}'))
            {
                var catchAll = s.StartsWith("{**", StringComparison.Ordinal) || s.StartsWith("{*", StringComparison.Ordinal);
                var name = s.TrimStart('{', '*').TrimEnd('}');
                if (!s.StartsWith('{') || !s.EndsWith('}') || name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
                {
                    error = $"'{s}' is not a parameter: write {{name}} for one segment or {{**name}} for the rest";
                    return null;
                }

                if (catchAll && i != segments.Length - 1)
                {
                    error = "a {**rest} parameter must be the last segment";
                    return null;
                }
            }
        }

        return $"{m} {p}";
    }

    public static bool MatchesAny(IEnumerable<string> endpoints, string method, string path) =>
        endpoints.Any(e => Matches(e, method, path));

    public static bool Matches(string endpoint, string method, string path)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return false;
        }

        var m = endpoint[..space];
        if (m != "*" && !string.Equals(m, method, StringComparison.OrdinalIgnoreCase)
            && !(m == "GET" && string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var template = endpoint[(space + 1)..].Split('/');
        var actual = path.Split('/');
        for (var i = 0; i < template.Length; i++)
        {
            var t = template[i];
            if (t.StartsWith("{*", StringComparison.Ordinal))
            {
                return true;
            }

            if (i >= actual.Length)
            {
                return false;
            }

            if (t.StartsWith('{'))
            {
                if (actual[i].Length == 0)
                {
                    return false;
                }
            }
            else if (!string.Equals(t, actual[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return template.Length == actual.Length;
    }
}
