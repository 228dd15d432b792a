using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Agora.Sharing.Net;

/// <summary>The platform's address was refused because it is private, loopback, link-local or otherwise not public.</summary>
public sealed class PrivateAddressException(string message) : HttpRequestException(message);

/// <summary>
/// Keeps outbound calls (webhooks, gateway upstreams) on the public internet: a URL is checked when registered, and
/// the address is checked again at connect time, after DNS resolution, so DNS rebinding cannot reach a private one.
/// </summary>
public sealed class NetworkGuard(SharingOptions options)
{
    public bool AllowPrivateNetworks => options.AllowPrivateNetworks;

    /// <summary>Null when the URL may be called; otherwise why not.</summary>
    public async Task<string?> CheckUrlAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return "must be an absolute http or https URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password";
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"the host {uri.Host} does not resolve";
        }

        if (addresses.Length == 0)
        {
            return $"the host {uri.Host} does not resolve";
        }

        if (!options.AllowPrivateNetworks && addresses.FirstOrDefault(a => !IsPublic(a)) is { } bad)
        {
            return $"the host {uri.Host} resolves to {bad}, which is a private, loopback, link-local or reserved address";
        }

        return null;
    }

    /// <summary>A handler that never follows redirects and connects only to allowed addresses.</summary>
    /// <param name="propagateActivity">Whether to add this process's trace context (traceparent) to each request: the
    /// gateway does not, it forwards the consumer's own headers and identifies the call with X-Request-Id.</param>
    public SocketsHttpHandler CreateHandler(int maxConnectionsPerServer = int.MaxValue, bool propagateActivity = true) => new()
    {
        ActivityHeadersPropagator = propagateActivity ? DistributedContextPropagator.Current : null,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = ConnectAsync,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = maxConnectionsPerServer,
    };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = options.AllowPrivateNetworks ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new PrivateAddressException($"{host} resolves only to addresses the platform may not call");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet (not private, loopback, link-local, multicast or reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that decides.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublic(new IPAddress(b.AsSpan(12, 4)));
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublic(new IPAddress(b.AsSpan(2, 4)));
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (b[0] & 0xFE) == 0xFC
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
            || b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0);
    }
}
