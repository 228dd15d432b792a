using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Agora.Tables.Bench;

/// <summary>A throwaway PostgreSQL cluster in a temporary folder on a free port, stopped and removed at the end.</summary>
internal sealed class Postgres : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly bool _root = Environment.UserName == "root";

    private Postgres(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=0";

    public static Postgres Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql");
        }
        var dir = Path.Combine(Path.GetTempPath(), $"agora-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var port = FreePort();
        var pg = new Postgres(bin, dir, port);
        if (pg._root)
        {
            Run("chown", "postgres", dir);
        }
        pg.As($"{bin}/initdb -D {dir}/data -A trust -U postgres --no-sync");
        pg.As($"{bin}/pg_ctl -D {dir}/data -l {dir}/log -w -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
        return pg;
    }

    public string Version()
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SHOW server_version", connection);
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try
        {
            As($"{_bin}/pg_ctl -D {_dir}/data -m fast -w stop");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private void As(string command)
    {
        if (_root)
        {
            Run("runuser", "-u", "postgres", "--", "sh", "-c", command);
        }
        else
        {
            Run("sh", "-c", command);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
