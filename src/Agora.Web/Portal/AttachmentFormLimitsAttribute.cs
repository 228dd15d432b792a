using Agora.Sharing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Agora.Web.Portal;

/// <summary>
/// Fits a page's body and multipart limits to the configured attachment size (and the form around the file) before
/// anything reads the form; the anti-forgery check reads it first. [RequestSizeLimit] cannot do this: the size is
/// configuration, not a constant. A file just over the size reaches the attachment rules, which name the limit.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AttachmentFormLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields, boundaries and part headers.</summary>
    private const long FormOverhead = 64 * 1024;

    /// <summary>Before the anti-forgery filter and the framework's own size filters.</summary>
    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method) || http.Features.Get<IFormFeature>()?.Form is not null)
        {
            return;
        }

        var limit = http.RequestServices.GetRequiredService<SharingOptions>().AttachmentMaxBytes + FormOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
    }
}
