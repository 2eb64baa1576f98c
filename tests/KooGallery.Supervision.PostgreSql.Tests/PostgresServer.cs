using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KooGallery.Supervision.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the one named by KOOGALLERY_SUPERVISION_POSTGRES, or else a
/// throwaway server started from the machine's server binaries (initdb and pg_ctl under
/// /usr/lib/postgresql/&lt;version&gt;/bin) in a temporary folder on a free loopback port, run as the
/// postgres user when the tests run as root, and stopped and removed afterwards. With CI=true a missing
/// server fails the tests; elsewhere they are skipped with a message saying how to enable them.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "KOOGALLERY_SUPERVISION_POSTGRES";

    private string? _folder;
    private string? _bin;
    private bool _asPostgresUser;

    public string ConnectionString { get; private set; } = string.Empty;

    public string? Unavailable { get; private set; }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public void SkipWhenUnavailable() => Assert.SkipWhen(Unavailable is not null, Unavailable ?? string.Empty);

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
        }
        else
        {
            _bin = FindServerBinaries();
            if (_bin is null)
            {
                const string how = "PostgreSQL tests need a server: install PostgreSQL (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, for example `apt-get install postgresql`) or set KOOGALLERY_SUPERVISION_POSTGRES to a connection string.";
                if (InCi)
                {
                    throw new InvalidOperationException("CI=true and no PostgreSQL server is available. " + how);
                }

                Unavailable = how;
                return;
            }

            ConnectionString = await StartAsync(_bin);
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        if (_folder is not null && _bin is not null)
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {_folder}/data -m immediate -w stop", throwOnError: false);
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the temporary folder is left behind.
            }
        }
    }

    /// <summary>A data source of its own, as a second node or process would have.</summary>
    public NpgsqlDataSource NewDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public static string NewSchemaName() => "t_" + Guid.NewGuid().ToString("N")[..16];

    private static string? FindServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "bin", "initdb")) && File.Exists(Path.Combine(d.Dir, "bin", "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "bin"))
            .FirstOrDefault();
    }

    private async Task<string> StartAsync(string bin)
    {
        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), "koogallery-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        if (_asPostgresUser)
        {
            await RunAsync("chown", $"postgres {_folder}", throwOnError: true, asPostgres: false);
        }

        var port = FreeLoopbackPort();
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {_folder}/data -U postgres -A trust -E UTF8 --locale=C --no-sync", throwOnError: true);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
            $"-D {_folder}/data -l {_folder}/server.log -w -t 60 -o \"-p {port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off\" start",
            throwOnError: true);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=40;Timeout=30;Command Timeout=60";
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, string arguments, bool throwOnError, bool asPostgres = true)
    {
        var start = asPostgres && _asPostgresUser
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = _folder ?? Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (throwOnError && process.ExitCode != 0)
        {
            var log = _folder is not null && File.Exists(Path.Combine(_folder, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "server.log")) : string.Empty;
            throw new InvalidOperationException($"'{program} {arguments}' failed with exit code {process.ExitCode}: {await output} {await error} {log}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
