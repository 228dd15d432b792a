using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Agora.Catalog;
using Agora.Catalog.Accounts;
using Agora.Catalog.Storage;
using Agora.Sharing.Access;
using Agora.Sharing.Audit;
using Agora.Sharing.Net;
using Agora.Sharing.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Agora.Sharing.Gateway;

/// <summary>
/// The API service gateway: <c>/gw/{organization}/{service}/{**path}</c>. It authenticates the consumer, checks the
/// grant on every call, applies the rate limit and quota, and forwards with a timeout and a size cap, streaming both
/// bodies. It never follows redirects and never forwards the consumer's credentials; the upstream learns who calls
/// from <c>X-Agora-Client-Organization</c> and can correlate with <c>X-Request-Id</c>.
/// </summary>
internal sealed class GatewayProxy(
    NetworkGuard guard,
    GatewayDirectory directory,
    GatewayRateLimiter limiter,
    ISharingAuditSink audit,
    SharingOptions options,
    TimeProvider time,
    ILogger<GatewayProxy> logger) : IDisposable
{
    // One invoker over one pooled handler for the host's life, as a reverse proxy keeps it: HttpClient (and the client
    // factory's wrapper per call) added a linked cancellation source, a handler lookup and a wrapper per call and
    // nothing the gateway uses. The handler re-checks the address at every connect and renews its connections every
    // few minutes, so DNS changes are seen without the factory's handler rotation.
    private readonly HttpMessageInvoker upstreams = new(guard.CreateHandler(propagateActivity: false), disposeHandler: true);

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    };

    // The consumer's credentials stay here; identity and tracing headers are the gateway's to set, not the caller's.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "Cookie", "Content-Length", "Expect", "X-Request-Id", "Forwarded", "X-Forwarded-For",
        "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP",
    };

    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase) { "Set-Cookie", "Set-Cookie2" };

    /// <param name="knownCaller">The caller when the fast path has resolved it from the cache; otherwise the request's.</param>
    public async Task HandleAsync(HttpContext http, string organization, string service, Caller? knownCaller = null)
    {
        var record = new CallRecord(Guid.CreateVersion7().ToString("N"), http.Request.Method, time.GetUtcNow())
        {
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
        };
        http.Response.Headers["X-Request-Id"] = record.RequestId;
        try
        {
            await ForwardAsync(http, organization, service, record, knownCaller);
        }
        finally
        {
            record.ResponseOutAt = time.GetUtcNow();
            record.Status = record.Status == 0 ? http.Response.StatusCode : record.Status;
            var recorded = false;
            try
            {
                await audit.RecordGatewayCallAsync(record.ToEvent(), CancellationToken.None);
                recorded = true;
            }
            catch (Exception e)
            {
                // An unrecorded call must not look complete to the consumer: its answer's last bytes are never sent.
                logger.LogError(e, "Could not record gateway call {RequestId}; aborting the response", record.RequestId);
                http.Abort();
            }

            try
            {
                if (recorded)
                {
                    await record.WriteHeldBackAsync(http);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The consumer went away after the call was recorded; the record says what the gateway answered.
                logger.LogDebug(e, "The consumer of gateway call {RequestId} went away before its last bytes", record.RequestId);
            }
            finally
            {
                record.ReturnHeldBack();
            }
        }
    }

    private async Task ForwardAsync(HttpContext http, string organization, string service, CallRecord record, Caller? knownCaller)
    {
        // The checks are served from the in-process caches (CallerCache, GatewayDirectory, GrantCache) when warm, so no
        // store connection is taken up front; one is opened only for what is not cached (and for a quota count).
        var caller = knownCaller ?? await http.RequestServices.GetRequiredService<CallerAccessor>().GetAsync(http);
        record.UserId = caller.UserId;
        record.TokenId = caller.TokenId;
        var prefix = $"/gw/{organization}/{service}";
        var fullPath = http.Request.Path.Value ?? "";
        var path = fullPath.StartsWith(prefix, StringComparison.Ordinal) ? fullPath[prefix.Length..] : "";
        path = path.Length == 0 ? "/" : path;
        record.Path = path;
        if (!caller.IsAuthenticated)
        {
            await FailAsync(http, record, StatusCodes.Status401Unauthorized, "not-authenticated", "Authentication required", "the gateway needs a bearer token");
            return;
        }

        var target = await directory.FindAsync(http.RequestServices, organization, service, http.RequestAborted);
        if (target is null)
        {
            await FailAsync(http, record, StatusCodes.Status404NotFound, "not-found", "Not found", $"there is no service '{service}' of organization '{organization}'");
            return;
        }

        record.ServiceId = target.Id;
        record.DistributionId = target.DistributionId;
        record.DatasetId = target.DatasetId;
        record.OwnerOrganizationId = target.OrganizationId;
        var resolver = http.RequestServices.GetRequiredService<IGrantResolver>();
        var access = await resolver.ResolveAsync(caller, target.DatasetId, http.RequestAborted);
        record.GrantId = access.GrantId;
        switch (access.Level)
        {
            case AccessLevel.NotVisible:
                await FailAsync(http, record, StatusCodes.Status404NotFound, "not-found", "Not found", $"there is no service '{service}' of organization '{organization}'");
                return;
            case AccessLevel.Denied when access.Denial == DenialCode.QuotaExhausted:
                await FailAsync(http, record, StatusCodes.Status429TooManyRequests, "quota-exhausted", "Quota used up", access.Reason!);
                return;
            case AccessLevel.Denied:
                await FailAsync(http, record, StatusCodes.Status403Forbidden, "no-grant", "No grant for this service", access.Reason!);
                return;
        }

        // An encoded slash or backslash could climb out of the service's base path on an upstream that decodes it.
        if (path.Split('/').Any(s => s is "." or "..") || path.Contains('\\', StringComparison.Ordinal)
            || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            await FailAsync(http, record, StatusCodes.Status400BadRequest, "validation", "The request is not valid",
                "the path must not contain '.' or '..' segments or encoded slashes");
            return;
        }

        var method = http.Request.Method;
        if (target.Endpoints.Count > 0 && !PathTemplate.MatchesAny(target.Endpoints, method, path))
        {
            await FailAsync(http, record, StatusCodes.Status404NotFound, "no-such-endpoint", "Not found", $"the service has no endpoint {method} {path}");
            return;
        }

        if (access.AllowedEndpoints is { } allowed && !PathTemplate.MatchesAny(allowed, method, path))
        {
            await FailAsync(http, record, StatusCodes.Status403Forbidden, "endpoint-not-granted", "Not granted", $"the grant does not cover {method} {path}");
            return;
        }

        var holder = access.GrantId ?? caller.UserId!.Value;
        using (var lease = limiter.Acquire(target.RatePerSecond ?? options.GatewayDefaultRatePerSecond, target.Id, holder))
        {
            if (!lease.IsAcquired)
            {
                http.Response.Headers.RetryAfter = "1";
                await FailAsync(http, record, StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests", "the grant's rate limit for this service is reached; retry shortly");
                return;
            }
        }

        if (access is { GrantId: { } grantId, HasQuota: true })
        {
            var refused = resolver is GrantResolver own
                ? await own.CountCallAsync(grantId, access.MaxRequestsPerDay, access.RemainingRequests, http.RequestAborted)
                : await resolver.RecordUseAsync(grantId, 0, http.RequestAborted) is { Accepted: false } use ? use : null;
            if (refused is not null)
            {
                await FailAsync(http, record, StatusCodes.Status429TooManyRequests, "quota-exhausted", "Quota used up", refused.Reason!);
                return;
            }
        }

        var client = access.Basis == FullAccessBasis.Owner ? target.OrganizationId : access.ConsumerOrganizationId;
        record.ClientOrganizationId = client;
        var clientOrganization = client is { } id ? await directory.OrganizationAsync(http.RequestServices, id, http.RequestAborted) : null;

        await SendAsync(http, target, path, record, access, clientOrganization, caller);
    }

    private async Task SendAsync(HttpContext http, GatewayTarget target, string path, CallRecord record, EffectiveAccess access,
        GatewayOrganization? clientOrganization, Caller caller)
    {
        var uri = new Uri(target.UpstreamUrl.TrimEnd('/') + new PathString(path).ToUriComponent() + http.Request.QueryString.ToUriComponent());
        // Parse hands back the shared instance of a known method, which the handler writes without re-encoding it.
        using var upstream = new HttpRequestMessage(HttpMethod.Parse(http.Request.Method), uri);
        var bodyFeature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyFeature is { IsReadOnly: false })
        {
            bodyFeature.MaxRequestBodySize = options.GatewayMaxRequestBytes;
        }

        CountingStream? requestBody = null;
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            requestBody = new CountingStream(http.Request.Body);
            upstream.Content = new StreamContent(requestBody, 64 * 1024);
        }

        CopyRequestHeaders(http.Request.Headers, upstream);
        upstream.Headers.TryAddWithoutValidation("X-Request-Id", record.RequestId);
        if (clientOrganization is not null)
        {
            upstream.Headers.TryAddWithoutValidation("X-Agora-Client-Organization", clientOrganization.Slug);
            upstream.Headers.TryAddWithoutValidation("X-Agora-Client-Organization-Code", clientOrganization.CreditCode);
        }
        else if (access.ConsumerUserId is { } user)
        {
            upstream.Headers.TryAddWithoutValidation("X-Agora-Client-User", user.ToString());
        }
        else if (caller.UserId is { } self)
        {
            upstream.Headers.TryAddWithoutValidation("X-Agora-Client-User", self.ToString());
        }

        if (access.GrantId is { } grant)
        {
            upstream.Headers.TryAddWithoutValidation("X-Agora-Grant", grant.ToString());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(options.GatewayTimeout);
        HttpResponseMessage response;
        record.RequestOutAt = time.GetUtcNow();
        try
        {
            // A handler answers once the headers are in; the body is streamed below.
            response = await upstreams.SendAsync(upstream, timeout.Token);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            record.RequestBytes = requestBody?.Count ?? 0;
            await FailAsync(http, record, StatusCodes.Status504GatewayTimeout, "upstream-timeout", "The upstream did not answer in time",
                $"the upstream did not answer within {options.GatewayTimeout.TotalSeconds:0.#} s");
            return;
        }
        catch (HttpRequestException e) when (e is PrivateAddressException || e.InnerException is PrivateAddressException)
        {
            await FailAsync(http, record, StatusCodes.Status502BadGateway, "upstream-refused", "The upstream may not be called",
                "the upstream resolves to a private, loopback or link-local address, which the gateway does not call");
            return;
        }
        catch (HttpRequestException e)
        {
            logger.LogInformation(e, "Gateway call {RequestId} to {Upstream} failed", record.RequestId, uri.Authority);
            await FailAsync(http, record, StatusCodes.Status502BadGateway, "upstream-unreachable", "The upstream could not be reached", "the upstream could not be reached");
            return;
        }

        using (response)
        {
            record.ResponseInAt = time.GetUtcNow();
            record.RequestBytes = requestBody?.Count ?? 0;
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                await FailAsync(http, record, StatusCodes.Status502BadGateway, "upstream-redirect", "The upstream redirected",
                    $"the upstream answered {status} with a redirect, which the gateway does not follow");
                return;
            }

            if (response.Content.Headers.ContentLength > options.GatewayMaxResponseBytes)
            {
                await FailAsync(http, record, StatusCodes.Status502BadGateway, "upstream-too-large", "The upstream's answer is too large",
                    $"the upstream's answer of {response.Content.Headers.ContentLength} bytes is over the gateway's cap of {options.GatewayMaxResponseBytes} bytes");
                return;
            }

            // The upstream's answer goes back as it is: a bodiless 404 or 304 must not get the host's status page.
            if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            http.Response.StatusCode = status;
            record.Status = status;
            CopyResponseHeaders(response, http.Response);
            http.Response.Headers["X-Request-Id"] = record.RequestId;
            await StreamBodyAsync(http, response, record, timeout.Token);
        }
    }

    private async Task StreamBodyAsync(HttpContext http, HttpResponseMessage response, CallRecord record, CancellationToken cancellationToken)
    {
        byte[]? buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        // With a Content-Length the consumer has the whole answer once its last byte arrives, whatever the server does
        // next: that last read is kept back and written by HandleAsync once the call's audit record is committed. (A
        // chunked answer is complete only with its last chunk, which Kestrel writes after HandleAsync has returned.)
        var length = http.Response.ContentLength;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                record.ResponseBytes += read;
                if (record.ResponseBytes > options.GatewayMaxResponseBytes)
                {
                    // The headers are gone already; cutting the connection is the only way to say the body is incomplete.
                    record.Fail(StatusCodes.Status502BadGateway, "the upstream's answer went over the size cap");
                    http.Abort();
                    return;
                }

                if (record.ResponseBytes >= length)
                {
                    record.HoldBack(buffer, read);
                    buffer = null;
                    break;
                }

                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            record.Succeeded = record.Status is >= 200 and < 400;
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            record.Fail(StatusCodes.Status504GatewayTimeout, "the upstream did not finish its answer in time");
            http.Abort();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            record.Fail(StatusCodes.Status502BadGateway, "the upstream's answer broke off");
            http.Abort();
        }
        catch (OperationCanceledException)
        {
            record.Fail(499, "the consumer went away");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // Single values go across as strings: casting StringValues to IEnumerable boxed it and copied an array per header.
    private static void CopyRequestHeaders(IHeaderDictionary headers, HttpRequestMessage upstream)
    {
        var connectionListed = ConnectionListed(headers.Connection);
        foreach (var (name, values) in headers)
        {
            if (HopByHop.Contains(name) || NotForwarded.Contains(name) || name.StartsWith("X-Agora-", StringComparison.OrdinalIgnoreCase)
                || connectionListed?.Contains(name) == true || name.StartsWith(':'))
            {
                continue;
            }

            var added = values.Count == 1
                ? upstream.Headers.TryAddWithoutValidation(name, values[0])
                : upstream.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            if (!added && upstream.Content is { } content)
            {
                _ = values.Count == 1
                    ? content.Headers.TryAddWithoutValidation(name, values[0])
                    : content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    // The upstream's headers are read as they came (NonValidated): parsing each one into typed values only to write it
    // back as text cost a parse and several allocations per header and call.
    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse target)
    {
        HashSet<string>? connectionListed = null;
        if (response.Headers.NonValidated.TryGetValues("Connection", out var connection))
        {
            connectionListed = ConnectionListed(ToStringValues(connection));
        }

        foreach (var (name, values) in response.Headers.NonValidated)
        {
            if (!HopByHop.Contains(name) && !NotReturned.Contains(name) && connectionListed?.Contains(name) != true)
            {
                target.Headers[name] = ToStringValues(values);
            }
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            target.Headers[name] = ToStringValues(values);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values) =>
        values.Count == 1 ? new StringValues(values.ToString()) : new StringValues(values.ToArray());

    private static HashSet<string>? ConnectionListed(StringValues connection)
    {
        if (connection.Count == 0)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in connection)
        {
            foreach (var name in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(name);
            }
        }

        return names;
    }

    public void Dispose() => upstreams.Dispose();

    private static Task FailAsync(HttpContext http, CallRecord record, int status, string code, string title, string detail)
    {
        record.Fail(status, detail);
        if (status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Problems.WriteAsync(http, status, code, title, detail);
    }

    /// <summary>What the audit record of one call is built from, filled in as the call goes.</summary>
    private sealed class CallRecord(string requestId, string method, DateTimeOffset requestIn)
    {
        private byte[]? heldBack;
        private int heldBackLength;

        public string RequestId { get; } = requestId;
        public string Path { get; set; } = "/";
        public Guid? UserId { get; set; }
        public Guid? TokenId { get; set; }
        public Guid? ClientOrganizationId { get; set; }
        public Guid? GrantId { get; set; }
        public Guid? ServiceId { get; set; }
        public Guid? DistributionId { get; set; }
        public Guid? DatasetId { get; set; }
        public Guid? OwnerOrganizationId { get; set; }
        public DateTimeOffset? RequestOutAt { get; set; }
        public DateTimeOffset? ResponseInAt { get; set; }
        public DateTimeOffset ResponseOutAt { get; set; }
        public long RequestBytes { get; set; }
        public long ResponseBytes { get; set; }
        public int Status { get; set; }
        public bool Succeeded { get; set; }
        public string? Error { get; set; }
        public string? ClientAddress { get; set; }

        public void Fail(int status, string error)
        {
            Status = status;
            Succeeded = false;
            Error = error;
        }

        /// <summary>Keeps the answer's last bytes (a pooled buffer, now this record's) until the call is recorded.</summary>
        public void HoldBack(byte[] buffer, int count)
        {
            heldBack = buffer;
            heldBackLength = count;
        }

        public Task WriteHeldBackAsync(HttpContext http) => heldBack is null
            ? Task.CompletedTask
            : http.Response.Body.WriteAsync(heldBack.AsMemory(0, heldBackLength), http.RequestAborted).AsTask();

        public void ReturnHeldBack()
        {
            if (heldBack is not null)
            {
                ArrayPool<byte>.Shared.Return(heldBack);
                heldBack = null;
            }
        }

        public GatewayCallEvent ToEvent() => new()
        {
            RequestId = RequestId,
            UserId = UserId,
            TokenId = TokenId,
            ClientOrganizationId = ClientOrganizationId,
            GrantId = GrantId,
            ServiceId = ServiceId,
            DistributionId = DistributionId,
            DatasetId = DatasetId,
            OwnerOrganizationId = OwnerOrganizationId,
            Method = method,
            Path = Path,
            RequestInAt = requestIn,
            RequestOutAt = RequestOutAt,
            ResponseInAt = ResponseInAt,
            ResponseOutAt = ResponseOutAt,
            RequestBytes = RequestBytes,
            ResponseBytes = ResponseBytes,
            Status = Status,
            Succeeded = Succeeded,
            Error = Error,
            ClientAddress = ClientAddress,
        };
    }
}

/// <summary>Counts the bytes of the consumer's request body as the upstream reads them.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Count += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
