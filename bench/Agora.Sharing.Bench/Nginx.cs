using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Agora.Sharing.Bench;

/// <summary>Debian's nginx as a reverse proxy on a free loopback port, with its own configuration in a temp folder.</summary>
internal sealed class Nginx : IDisposable
{
    private readonly Process process;
    private readonly string directory;

    private Nginx(Process process, string directory, int port, string version)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
        Version = version;
    }

    public int Port { get; }
    public string Version { get; }

    /// <summary>The CPU time nginx's master and workers have used so far (Linux: from /proc).</summary>
    public TimeSpan CpuTime()
    {
        var pids = new List<int> { process.Id };
        var children = $"/proc/{process.Id}/task/{process.Id}/children";
        if (File.Exists(children))
        {
            pids.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        }

        var ticks = 0L;
        foreach (var pid in pids)
        {
            try
            {
                // Fields 14 and 15 (utime, stime) in clock ticks, after the command name in parentheses.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // A worker that has just exited.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public static string? Find() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Debian's nginx, installed from Debian's packages when missing and allowed (root, apt-get), as
    /// <c>bench/with-postgres.sh</c> installs PostgreSQL: without it the run has no same-run peer and its ratio is
    /// n/a, which a fresh machine gave silently.
    /// </summary>
    public static string? FindOrInstall()
    {
        if (Find() is { } found)
        {
            return found;
        }

        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            Console.Error.WriteLine("nginx is not installed and cannot be installed here (needs root and apt-get): "
                + "install Debian's nginx package for the same-run peer; the ratios will read n/a");
            return null;
        }

        Console.Error.WriteLine("nginx is not installed: installing Debian's nginx package (apt-get install nginx)");
        foreach (var arguments in new[] { "update -qq", "install -y -qq --no-install-recommends nginx" })
        {
            var start = new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(start)!;
            apt.StandardOutput.ReadToEnd();
            apt.WaitForExit();
        }

        return Find();
    }

    public static async Task<Nginx> StartAsync(string executable, Uri upstream, int workers)
    {
        var directory = Directory.CreateTempSubdirectory("agora-bench-nginx-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "nginx.conf");
        // The same job as the gateway minus the grant: HTTP/1.1 keep-alive to the upstream, no access log.
        await File.WriteAllTextAsync(config, $$"""
            worker_processes {{workers}};
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                upstream agora_upstream { server {{upstream.Host}}:{{upstream.Port}}; keepalive 128; }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://agora_upstream;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Authorization "";
                        proxy_read_timeout 30s;
                    }
                }
            }
            """);
        var version = await RunAsync(executable, "-v");
        var start = new ProcessStartInfo(executable, ["-p", directory, "-c", config, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return new Nginx(process, directory, port, version.Trim());
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("nginx exited: " + await process.StandardError.ReadToEndAsync());
                }

                await Task.Delay(50);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("nginx did not listen within 5 s");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string executable, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, argument) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
