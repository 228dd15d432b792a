using Microsoft.AspNetCore.Http;

namespace Agora.Sharing.Workflow;

/// <summary>A refusal that the API turns into an RFC 9457 problem with a stable type and the field at fault.</summary>
internal sealed class SharingException(int status, string code, string title, string detail, string? field = null,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public string? Field { get; } = field;
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;

    public static SharingException Validation(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "validation", "The request is not valid", $"{field}: {detail}", field);

    public static SharingException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "not-found", "Not found", $"{what} was not found");

    public static SharingException Unauthorized() =>
        new(StatusCodes.Status401Unauthorized, "not-authenticated", "Authentication required", "this needs a bearer token or a signed-in session");

    public static SharingException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "forbidden", "Not allowed", detail);

    public static SharingException State(string detail) =>
        new(StatusCodes.Status409Conflict, "invalid-state", "Not possible in this state", detail, "state");

    public static SharingException Conflict(string field, string detail) =>
        new(StatusCodes.Status409Conflict, "conflict", "Conflict", detail, field);
}
