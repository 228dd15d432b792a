namespace Agora.Privacy;

/// <summary>What kind of mistake stopped a privacy operation; the command line maps it to its exit code.</summary>
public enum PrivacyErrorKind
{
    /// <summary>The caller asked for something impossible (missing file, unknown column, bad option): exit code 2.</summary>
    Usage,

    /// <summary>The input exists but cannot be processed (bad encoding, malformed hierarchy, no solution): exit code 1.</summary>
    Failure,
}

/// <summary>
/// Bad input with enough context to fix it: the file, the 1-based data row (header excluded) and the column when known.
/// </summary>
public sealed class PrivacyInputException : Exception
{
    public PrivacyInputException(PrivacyErrorKind kind, string message, string? file = null, long? row = null, string? column = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        File = file;
        Row = row;
        Column = column;
    }

    public PrivacyErrorKind Kind { get; }

    public string? File { get; }

    public long? Row { get; }

    public string? Column { get; }

    internal static PrivacyInputException Usage(string message, string? file = null, string? column = null) =>
        new(PrivacyErrorKind.Usage, message, file, null, column);

    internal static PrivacyInputException Failure(string message, string? file = null, long? row = null, string? column = null, Exception? inner = null) =>
        new(PrivacyErrorKind.Failure, message, file, row, column, inner);
}
