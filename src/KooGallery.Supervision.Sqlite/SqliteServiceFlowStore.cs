using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;

namespace KooGallery.Supervision.Sqlite;

/// <summary>
/// Keeps flows in a SQLite database: the embedded default. Every <see cref="FlowChange"/> is written in
/// one immediate transaction (flow with its version check, records, command outcome, outbox events);
/// the database runs in write-ahead-log mode. Safe for concurrent use from many threads and from
/// several processes on one file. Every operation that fails because of the database (read-only, locked
/// past the busy timeout, damaged, unreachable) throws a <see cref="SupervisionStoreException"/> naming
/// the file, with SQLite's error as its inner exception.
/// </summary>
/// <remarks>
/// Operation records and command outcomes are append-only in the database itself: triggers abort every
/// <c>UPDATE</c> and <c>DELETE</c> of a row of <c>supervision_records</c> or <c>supervision_commands</c>, and
/// every <c>INSERT</c> over an existing row, so <c>INSERT OR REPLACE</c>, <c>REPLACE</c> and upserts cannot
/// rewrite one either, whichever program sends the SQL. This guards against application bugs and accidental
/// writes. It does not guard against whoever can write the file: the triggers can be dropped
/// (<c>DROP TRIGGER</c>), the tables dropped or renamed, or the file edited or replaced, and SQLite has no
/// users or grants to prevent that. Flows (<c>supervision_flows</c>) and the outbox are updated by the store
/// by design and are not protected this way.
/// <para>
/// The store keeps one connection open for its saves, with their statements prepared on it (SQLite has one writer
/// at a time; the saves of one store take turns on it). Dispose the store to close it (a container that created the
/// store does so); a store left undisposed keeps the file open until the process ends.
/// </para>
/// </remarks>
public sealed partial class SqliteServiceFlowStore : IServiceFlowStore, ISupervisionSchema, IAsyncDisposable, IDisposable
{
    // The IServiceFlowStore operations hand every call to it: src/Shared/Relational/RelationalStoreOperations.cs.
    private readonly SqliteRelationalStore _relational;

    /// <summary>Initializes a store over the database the options name.</summary>
    /// <param name="options">The options; <see cref="SqliteStoreOptions.ConnectionString"/> is required.</param>
    /// <exception cref="ArgumentException">The connection string is missing or invalid, or <see cref="SqliteStoreOptions.Synchronous"/> is not a level the enum names.</exception>
    public SqliteServiceFlowStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The SQLite connection string is required, for example \"Data Source=supervision.db\".", nameof(options));
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            throw new ArgumentException($"SqliteStoreOptions.Synchronous is {options.Synchronous}, which is not a level: use Full or Normal.", nameof(options));
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The SQLite connection string is invalid: {exception.Message}", nameof(options), exception);
        }

        DataSource = builder.DataSource;
        _relational = new SqliteRelationalStore(builder.ToString(), DataSource, options);
    }

    /// <summary>Gets the database file (or data source) this store uses.</summary>
    public string DataSource { get; }

    /// <summary>The SQL that reads pending events; tests check that an index serves it.</summary>
    internal static string ReadPendingSql { get; } = new RelationalSql(SqliteRelationalStore.Dialect).ReadPending;

    /// <summary>Opens a connection as the store's operations do, with its pragmas (tests read its settings).</summary>
    internal ValueTask<System.Data.Common.DbConnection> OpenConnectionAsync() => _relational.OpenConnectionAsync(CancellationToken.None);

    /// <summary>Opens a connection as the kept ones are opened, with the busy timeout the store's own statements need (tests read it).</summary>
    internal ValueTask<Microsoft.Data.Sqlite.SqliteConnection> OpenKeptConnectionAsync(string connectionString) => _relational.OpenKeptAsync(connectionString, CancellationToken.None);

    /// <summary>Gets the kept connection of the saves (tests).</summary>
    internal SqliteWriter Writer => _relational.Writer;

    /// <summary>Gets the kept connections of a command's first read (tests).</summary>
    internal SqliteCommandReads CommandReads => _relational.CommandReads;

    /// <summary>
    /// Closes the connections the store keeps open: the one its saves are written on (after a save under way
    /// finishes) and those a command's first read is made on. A save after it throws <see cref="ObjectDisposedException"/>;
    /// reads, searches and the schema step still work, each on a connection of its own from the pool.
    /// </summary>
    public void Dispose() => _relational.Dispose();

    /// <summary>
    /// Closes the connections the store keeps open: the one its saves are written on (after a save under way
    /// finishes) and those a command's first read is made on. A save after it throws <see cref="ObjectDisposedException"/>;
    /// reads, searches and the schema step still work, each on a connection of its own from the pool.
    /// </summary>
    /// <returns>A task that completes once the connections are closed.</returns>
    public ValueTask DisposeAsync() => _relational.DisposeAsync();

    /// <summary>The statement and parameters of a search page, for tests that read its query plan.</summary>
    internal static (string Text, List<KeyValuePair<string, object>> Parameters) SearchStatement(FlowQuery query, Instant now) =>
        RelationalSearch.Statement(new RelationalSql(SqliteRelationalStore.Dialect), query, now);
}
