using System.Net;
using System.Net.Sockets;

namespace Agora.Tables.Ingest;

/// <summary>
/// Fetches a file by URL for ingest without letting a caller reach the platform's own network: every connection,
/// including each redirect, resolves the host and refuses private, loopback, link-local, multicast and reserved
/// addresses (unless <see cref="TablesOptions.AllowPrivateNetworks"/>), then connects to the address it checked.
/// </summary>
internal sealed class OutboundFetcher(TablesOptions options)
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
                || (b[0] == 0x00 && b.Take(10).All(x => x == 0)));
        }
        return false;
    }

    /// <summary>Refuses a URL that is not http(s) or whose host resolves only to addresses the platform may not reach.</summary>
    public async Task CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new IngestException("invalid-url", "Only absolute http and https URLs can be fetched.");
        }
        await ResolveAsync(url.IdnHost, cancellationToken);
    }

    /// <summary>Downloads to <paramref name="target"/> and returns the file name of the final URL.</summary>
    public async Task<string?> DownloadAsync(Uri url, string target, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = ConnectAsync,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        using var client = new HttpClient(handler) { Timeout = options.UrlFetchTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Agora-Tables/1.0");
        var current = url;
        for (var hop = 0; ; hop++)
        {
            await CheckAsync(current, cancellationToken);
            using var response = await client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (hop >= options.MaxRedirects)
                {
                    throw new IngestException("fetch-failed", $"More than {options.MaxRedirects} redirects from {url}.");
                }
                current = new Uri(current, location);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new IngestException("fetch-failed", $"{current} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > options.MaxUploadBytes)
            {
                throw new IngestException("file-too-large", $"{current} is {response.Content.Headers.ContentLength:N0} bytes; at most {options.MaxUploadBytes:N0} are allowed.");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > options.MaxUploadBytes)
                {
                    throw new IngestException("file-too-large", $"{current} is larger than {options.MaxUploadBytes:N0} bytes.");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
            return name ?? (Path.GetFileName(current.AbsolutePath) is { Length: > 0 } n ? Uri.UnescapeDataString(n) : null);
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new IngestException("fetch-failed", $"Host '{host}' cannot be resolved: {e.Message}");
        }
        if (options.AllowPrivateNetworks)
        {
            return addresses;
        }
        var allowed = addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            throw new IngestException(
                "outbound-address-refused",
                $"Host '{host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: private, loopback, link-local and other internal addresses are not fetched.");
        }
        return allowed;
    }
}
