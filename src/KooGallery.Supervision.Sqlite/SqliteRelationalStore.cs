using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;

namespace KooGallery.Supervision.Sqlite;

/// <summary>
/// What SQLite adds to the relational store: connections with the synchronous and foreign-key pragmas, the
/// write-ahead log, event ids as text, its schema objects read from <c>sqlite_master</c>, and its error codes.
/// Statements of a save run one by one in an immediate transaction, which holds the write lock throughout.
/// </summary>
internal sealed class SqliteRelationalStore : RelationalFlowStore, IAsyncDisposable, IDisposable
{
    /// <summary>The SQL fragments of SQLite: plain table names, no row locks (the transaction holds the database's write lock).</summary>
    public static readonly RelationalDialect Dialect = new(Tables: string.Empty, Undelivered: "delivered = 0", UnderAppeal: "under_appeal = 1", LockRow: string.Empty, EndClaim: string.Empty, IgnoreConflict: string.Empty);

    private const int SqliteNotADatabase = 26;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private readonly string _connectionString;
    private readonly string _dataSource;
    private const string FullPragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
    private const string NormalPragmas = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

    // The pragmas each database connection of the process last ran; an entry goes with its connection.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> Prepared = new();
    private readonly string _pragmas;

    public SqliteRelationalStore(string connectionString, string dataSource, SqliteStoreOptions options)
        : base(Dialect, SqliteSchema.Migrations, $"The SQLite database '{dataSource}'", "KooGallery.Supervision.Sqlite", options.EnsureSchemaOnFirstUse)
    {
        _connectionString = connectionString;
        _dataSource = dataSource;
        _pragmas = options.Synchronous == SqliteSynchronous.Normal ? NormalPragmas : FullPragmas;
        // The writer's connection is its own, never pooled: closing it after a failure ends any transaction left open.
        var writerConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        Writer = new SqliteWriter(cancellationToken => OpenKeptAsync(writerConnectionString, cancellationToken), Sql, EventKeys);
        CommandReads = new SqliteCommandReads(cancellationToken => OpenKeptAsync(_connectionString, cancellationToken), Sql.LoadForCommand);
    }

    /// <summary>Gets the connections a command's first read is made on, kept open between reads.</summary>
    public SqliteCommandReads CommandReads { get; }

    /// <summary>Gets the connection the saves are written on, kept open between them.</summary>
    public SqliteWriter Writer { get; }

    protected override RelationalParameterMaker Parameters { get; } = new(SqliteFactory.Instance);

    protected override IsolationLevel WriteIsolation => IsolationLevel.Serializable;

    protected override object EventKey(Guid eventId) => eventId.ToString("D");

    /// <summary>Opens a connection with the store's pragmas, as every operation does (tests read its settings).</summary>
    public ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await OpenSqliteAsync(_connectionString, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens a connection whose statements the store runs itself, not through Microsoft.Data.Sqlite's commands (which
    /// retry a busy database until their timeout): SQLite waits as long for a lock held by another connection.
    /// </summary>
    internal async ValueTask<SqliteConnection> OpenKeptAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = await OpenSqliteAsync(connectionString, cancellationToken).ConfigureAwait(false);
        // A Default Timeout of 0 means no limit to Microsoft.Data.Sqlite, where 0 turns SQLite's waiting off.
        var seconds = connection.DefaultTimeout;
        SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, seconds <= 0 ? int.MaxValue : (int)Math.Min(seconds * 1000L, int.MaxValue));
        return connection;
    }

    private async ValueTask<SqliteConnection> OpenSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // The pragmas belong to the database connection, which the pool keeps open between uses: they run once
            // for each new one (a connection pooled and opened again still has them), not on every open.
            // Two stores with other settings may share a pool: a connection last set by the other one is set again.
            var handle = connection.Handle;
            if (handle is null || !Prepared.TryGetValue(handle, out var set) || !string.Equals(set, _pragmas, StringComparison.Ordinal))
            {
                await using var pragma = RelationalCommands.Create(connection, null, _pragmas);
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (handle is not null)
                {
                    Prepared.AddOrUpdate(handle, _pragmas);
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Saves on the kept writer connection, the statements one by one, stopping at the first failed check.</summary>
    protected override ValueTask<FlowSaveResult> WriteAsync(FlowChange change, RelationalFlowColumns columns, CancellationToken cancellationToken) =>
        Writer.SaveAsync(change, columns, cancellationToken);

    /// <summary>Reads a command's flow and outcome on a kept connection.</summary>
    protected override async ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandCoreAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        await WaitForSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await CommandReads.ReadAsync(orderNumber, commandId, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        CommandReads.Dispose();
        Writer.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        CommandReads.Dispose();
        return Writer.DisposeAsync();
    }

    /// <summary>The write-ahead log survives a process crash with every committed transaction and lets readers run beside the writer.</summary>
    protected override ValueTask PrepareUpgradeAsync(DbConnection connection, CancellationToken cancellationToken) => UseWriteAheadLogAsync(connection, cancellationToken);

    /// <summary>
    /// The write-ahead log again, once the schema is in place: the mode is kept in the file, but a copy made without it
    /// (<c>VACUUM INTO</c>, a backup tool) holds the schema in a rollback-journal mode, where one reader blocks every
    /// save. Only a rollback-journal mode is changed (an in-memory database, or a journal turned off on purpose, is
    /// left as it is), and a database that cannot take the change now (opened read-only, or in use by another
    /// connection) is used as it is, as it was before the change was tried.
    /// </summary>
    protected override async ValueTask PrepareDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var read = RelationalCommands.Create(connection, null, "PRAGMA journal_mode"))
        {
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not ("delete" or "truncate" or "persist"))
            {
                return;
            }
        }

        try
        {
            await UseWriteAheadLogAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is SqliteReadOnly or SqliteBusy or SqliteLocked)
        {
            // Read-only or busy: the store works in the mode the file has.
        }
    }

    private static async ValueTask UseWriteAheadLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var wal = RelationalCommands.Create(connection, null, "PRAGMA journal_mode = WAL");
        await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every object counts, not only tables: a database holding only views, triggers or indexes belongs to someone
    /// else too.
    /// </summary>
    protected override async ValueTask<bool> HasSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var objects = new List<(string Type, string Name)>();
        await using (var command = RelationalCommands.Create(connection, transaction,
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table' DESC, name"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                objects.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (objects.Count == 0)
        {
            return false;
        }

        if (!objects.Contains(("table", SqliteSchema.VersionTable)))
        {
            var shown = string.Join(", ", objects.GetRange(0, Math.Min(5, objects.Count)).ConvertAll(o => o.Type + " " + o.Name));
            throw new SupervisionStoreException("ForeignDatabase",
                $"The SQLite database '{_dataSource}' belongs to another application: it has schema objects ({shown}{(objects.Count > 5 ? ", …" : string.Empty)}) but no {SqliteSchema.VersionTable} table. Nothing was written; point the connection string at a new file or at a supervision database.",
                null);
        }

        return true;
    }

    protected override SupervisionStoreException? Translate(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteNotADatabase } sqlite => new SupervisionStoreException("NotADatabase",
            $"The file '{_dataSource}' is not a SQLite database ({sqlite.Message}). Nothing was written; point the connection string at a new file or at a supervision database.",
            sqlite),
        SqliteException or IOException => new SupervisionStoreException("Unusable", $"The SQLite database '{_dataSource}' cannot be used: {exception.Message}", exception),
        _ => null,
    };
}
