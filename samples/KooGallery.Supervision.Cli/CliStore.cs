using System;
using System.Data.Common;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using KooGallery.Supervision.Sqlite;
using Npgsql;

namespace KooGallery.Supervision.Cli;

/// <summary>
/// An opened store for one command: the supervisor over SQLite or PostgreSQL, with the clock of the store (the sandbox
/// clock kept in the database when it has one, else the system clock) and the events the command caused.
/// </summary>
internal sealed class CliStore : IAsyncDisposable
{

    private readonly ServiceProvider provider;
    private readonly DbConnection clockConnection;
    private readonly NpgsqlDataSource? dataSource;

    private CliStore(StoreSettings settings, ServiceProvider provider, DbConnection clockConnection, NpgsqlDataSource? dataSource, IClock clock, bool sandbox, EventCollector events)
    {
        Settings = settings;
        this.provider = provider;
        this.clockConnection = clockConnection;
        this.dataSource = dataSource;
        Clock = clock;
        IsSandbox = sandbox;
        Events = events;
        Supervisor = provider.GetRequiredService<ServiceSupervisor>();
        Store = provider.GetRequiredService<IServiceFlowStore>();
    }

    public StoreSettings Settings { get; }

    public ServiceSupervisor Supervisor { get; }

    public IServiceFlowStore Store { get; }

    public IClock Clock { get; }

    public bool IsSandbox { get; }

    public EventCollector Events { get; }

    public Instant Now => Clock.GetCurrentInstant();

    /// <summary>Opens the store. <paramref name="create"/> (init) makes the file and the schema; other commands need them.
    /// <paramref name="sandbox"/> starts a sandbox clock when the database has none: at <paramref name="sandboxStart"/>,
    /// or at the system's time to the minute. <paramref name="bulk"/> (import) syncs a SQLite file at checkpoints instead
    /// of at each commit (<c>synchronous = NORMAL</c>: a crash of the tool loses nothing; a power cut may lose the last
    /// rows, and importing the file again creates them).</summary>
    public static async Task<CliStore> OpenAsync(StoreSettings settings, CliEnvironment environment, bool create, bool sandbox, Instant? sandboxStart, bool bulk, CancellationToken cancellationToken)
    {
        var (connection, dataSource, sqliteConnectionString) = await OpenConnectionAsync(settings, create, cancellationToken);
        try
        {
            var table = new SandboxClockTable(connection);
            var kept = await table.ReadAsync(cancellationToken);
            var events = new EventCollector();
            var provider = Build(kept is { } now ? new SandboxClock(now) : environment.SystemClock, events, sqliteConnectionString, dataSource, bulk);
            try
            {
                if (create)
                {
                    // The schema first: the store accepts a database holding other tables only once it has its own.
                    await provider.EnsureServiceSupervisionSchemaAsync(cancellationToken);
                }
                else
                {
                    // Before anything is read or written, the clock's table included: a database without the supervision
                    // schema (empty, or another application's) is refused, whatever the command.
                    await ((ISupervisionSchema)provider.GetRequiredService<IServiceFlowStore>()).CheckSchemaAsync(cancellationToken);
                }

                if (kept is null && sandbox)
                {
                    // A new sandbox clock: at --start, or at the system's time to the minute; then the supervisor runs on it.
                    var systemNow = provider.GetRequiredService<IClock>().GetCurrentInstant();
                    kept = sandboxStart ?? Instant.FromUnixTimeSeconds(systemNow.ToUnixTimeSeconds() / 60 * 60);
                    await table.StartAsync(kept.Value, cancellationToken);
                    await provider.DisposeAsync();
                    provider = Build(new SandboxClock(kept.Value), events, sqliteConnectionString, dataSource, bulk);
                }
            }
            catch
            {
                await provider.DisposeAsync();
                throw;
            }

            return new CliStore(settings, provider, connection, dataSource, provider.GetRequiredService<IClock>(), kept is not null, events);
        }
        catch (Exception e)
        {
            await connection.DisposeAsync();
            if (dataSource is not null)
            {
                await dataSource.DisposeAsync();
            }

            if (e is DbException)
            {
                throw CliException.Store($"The {settings.Describe()} refused: {e.Message}");
            }

            if (e is SupervisionStoreException { Reason: "SchemaMissing" })
            {
                throw CliException.Store($"The {settings.Describe()} holds no supervision schema: run `koogallery-supervision init` on it first. ({e.Message})");
            }

            throw;
        }
    }

    private static async Task<(DbConnection Connection, NpgsqlDataSource? DataSource, string SqliteConnectionString)> OpenConnectionAsync(StoreSettings settings, bool create, CancellationToken cancellationToken)
    {
        DbConnection connection;
        NpgsqlDataSource? dataSource = null;
        string sqliteConnectionString = string.Empty;
        try
        {
            if (settings.SqlitePath is { } path)
            {
                if (!create && !File.Exists(path))
                {
                    throw CliException.Store($"No database at {path}. Run `koogallery-supervision init` first (or name one with --database).");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
                connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            }
            else
            {
                dataSource = NpgsqlDataSource.Create(settings.PostgresConnectionString!);
                connection = dataSource.CreateConnection();
            }

            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            if (dataSource is not null)
            {
                await dataSource.DisposeAsync();
            }

            throw CliException.Store($"Cannot open the {settings.Describe()}: {e.Message}");
        }

        return (connection, dataSource, sqliteConnectionString);
    }

    private static ServiceProvider Build(IClock? clock, EventCollector events, string sqliteConnectionString, NpgsqlDataSource? dataSource, bool bulk)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock); // before AddServiceSupervision, which otherwise registers the system clock
        }

        services.AddSingleton<ISupervisionEventHandler>(events);
        var supervision = services.AddServiceSupervision();
        if (dataSource is null)
        {
            supervision.UseSqlite(sqliteConnectionString, options => options.Synchronous = bulk ? SqliteSynchronous.Normal : SqliteSynchronous.Full);
        }
        else
        {
            supervision.UsePostgreSql(dataSource);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Moves the sandbox clock and keeps it, in one transaction: <paramref name="move"/> gets the clock's instant as the
    /// database has it now (another invocation may have moved it since this one opened) and returns the new one, or
    /// throws, and then nothing is written.
    /// </summary>
    public Task<(Instant Before, Instant After)> MoveSandboxClockAsync(Func<Instant, Instant> move, CancellationToken cancellationToken) =>
        new SandboxClockTable(clockConnection).MoveAsync(move, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        await clockConnection.DisposeAsync();
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
