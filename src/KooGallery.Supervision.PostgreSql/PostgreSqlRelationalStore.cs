using System.Runtime.CompilerServices;
using System.Data.Common;
using System.Globalization;
using KooGallery.Supervision.Relational;
using Npgsql;

namespace KooGallery.Supervision.PostgreSql;

/// <summary>
/// What PostgreSQL adds to the relational store: tables in a named schema, connections from a data source,
/// saves sent as one batch, row locks, timer claims (<c>FOR UPDATE SKIP LOCKED</c>) so nodes sweeping at once
/// split the work, an advisory lock around schema changes, and its errors named with the server.
/// </summary>
internal sealed class PostgreSqlRelationalStore : RelationalFlowStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaName;
    private readonly string _schema;
    private readonly string _where;
    private readonly Duration _timerClaim;
    private readonly bool _prepare;

    /// <summary>The closed connection objects kept for later commands: about as many as calls run at once.</summary>
    private readonly KeptObjects<NpgsqlConnection> _closed = new(16);

    public PostgreSqlRelationalStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions options, string where)
        : base(DialectOf(Quote(options.Schema)), MigrationsOf(Quote(options.Schema)), $"The PostgreSQL schema {Quote(options.Schema)} at {where}", "KooGallery.Supervision.PostgreSql", options.EnsureSchemaOnFirstUse)
    {
        _dataSource = dataSource;
        _schemaName = options.Schema;
        _schema = Quote(options.Schema);
        _where = where;
        _timerClaim = options.TimerClaim;
        // Npgsql refuses explicit preparation on a multiplexing data source: there the statements go unprepared.
        _prepare = options.PrepareStatements && !new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Multiplexing;
    }

    /// <summary>Npgsql's typed parameters: a kept parameter takes each save's value without boxing it.</summary>
    protected override RelationalParameterMaker Parameters { get; } = new TypedParameters();

    /// <summary>Npgsql sends a text parameter given as UTF-8 bytes as they are, and reads a text column as its UTF-8 bytes.</summary>
    protected override bool Utf8Documents => true;

    /// <summary>
    /// Prepares the statements of a save on the server (unless <see cref="PostgreSqlStoreOptions.PrepareStatements"/> is off). Npgsql keeps a prepared statement with the physical connection,
    /// across its returns to the pool, so only a connection's first save of each statement sends it to be parsed and
    /// planned; the later ones find it prepared and send only its parameters.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask PrepareAsync(DbBatch batch, CancellationToken cancellationToken)
    {
        if (_prepare)
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Prepares a command's first read on the server, kept as a save's statements are.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask PrepareAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (_prepare)
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The SQL fragments of PostgreSQL for the quoted schema name <paramref name="schema"/>.</summary>
    public static RelationalDialect DialectOf(string schema) =>
        new(Tables: schema + ".", Undelivered: "NOT delivered", UnderAppeal: "under_appeal", LockRow: " FOR UPDATE", EndClaim: ", timer_claim_until = NULL", IgnoreConflict: " ON CONFLICT DO NOTHING",
            ChecksOnServer: true);

    /// <summary>
    /// A save's batch runs as one implicit transaction (Npgsql sends it with one Sync), which the server rolls back
    /// whole when a statement fails: the flow's write fails with a division by zero when it wrote no row, the outcome's
    /// insert with the logarithm of zero (<see cref="RelationalSql.FlowCheck"/>, <see cref="RelationalSql.OutcomeCheck"/>).
    /// The implicit transaction has the session's isolation: where a database or role makes it repeatable read or
    /// serializable, a save that meets a concurrent one fails with a serialization failure (or, rarely, a deadlock),
    /// which, rolled back as whole as a failed check, is a version conflict too: the engine reads the flow again and retries.
    /// Reads are not retried: under serializable a plain read may fail too, as a store error (see the package's README).
    /// </summary>
    protected override FlowSaveResult? FailedCheck(Exception exception) => (exception as PostgresException)?.SqlState switch
    {
        PostgresErrorCodes.DivisionByZero or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => FlowSaveResult.VersionConflict,
        PostgresErrorCodes.InvalidArgumentForLogarithm => FlowSaveResult.CommandIdTaken,
        _ => null,
    };

    /// <inheritdoc />
    protected override bool IsDeadlock(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected };

    public static string Quote(string schema) => "\"" + schema + "\"";

    protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        OpenAsync(_dataSource.CreateConnection(), cancellationToken);

    /// <summary>
    /// Opens a connection object kept from an earlier command's call, closed since, or a new one. Opening takes a
    /// physical connection from the data source's pool either way; keeping the objects only spares a command the two
    /// connection objects (and what opening a new one sets up) its first read and its save would otherwise allocate.
    /// </summary>
    protected override ValueTask<DbConnection> OpenForCommandAsync(CancellationToken cancellationToken) =>
        OpenAsync(_closed.Take() ?? _dataSource.CreateConnection(), cancellationToken);

    /// <summary>
    /// Closes a connection of <see cref="OpenForCommandAsync"/> (its physical connection goes back to the pool) and keeps
    /// the object for a later call, up to about as many as calls run at once; one whose call failed is disposed.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask ReleaseAsync(DbConnection connection, bool healthy)
    {
        if (healthy)
        {
            try
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if (_closed.Keep((NpgsqlConnection)connection))
            {
                return;
            }
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Gets how many closed connection objects are kept.</summary>
    public int KeptConnectionCount => _closed.Count;

    /// <summary>Opens <paramref name="connection"/>; when that fails, disposes it and names the server.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<DbConnection> OpenAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await OpenOutsideAmbientTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            if (exception is NpgsqlException or TimeoutException)
            {
                throw ConnectionFailed(exception);
            }

            throw;
        }
    }

    /// <summary>
    /// Opens a connection of the store's own, never enlisted in a caller's ambient transaction (a
    /// <see cref="System.Transactions.TransactionScope"/>): a save is its own transaction, committed when the store says
    /// it saved, whatever the caller's scope does later. Npgsql enlists a connection when it opens, so the ambient
    /// transaction is suppressed for the open alone, and only when there is one.
    /// </summary>
    private static ValueTask OpenOutsideAmbientTransactionAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        System.Transactions.Transaction.Current is null ? new(connection.OpenAsync(cancellationToken)) : OpenSuppressedAsync(connection, cancellationToken);

    private static async ValueTask OpenSuppressedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var suppressed = new System.Transactions.TransactionScope(System.Transactions.TransactionScopeOption.Suppress, System.Transactions.TransactionScopeAsyncFlowOption.Enabled);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private SupervisionStoreException ConnectionFailed(Exception exception) =>
        new("ConnectionFailed", $"Could not connect to PostgreSQL at {_where}: {exception.Message}. Check that the server runs there and accepts this user.", exception);

    /// <summary>
    /// Claims the due flows until <paramref name="now"/> plus the timer claim. The claim commits only after every
    /// row is read: a call cancelled or failed before it returns claims nothing.
    /// </summary>
    protected override async ValueTask<IReadOnlyList<string>> FindDueAsync(DbConnection connection, Instant now, int maxCount, CancellationToken cancellationToken)
    {
        var flows = Sql.Flows;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var due = new List<(long Due, string OrderNumber)>();
        await using (var command = RelationalCommands.Create(connection, transaction, $"""
            UPDATE {flows} AS f SET timer_claim_until = @claimUntil
            FROM (SELECT order_number FROM {flows}
                  WHERE next_due_at IS NOT NULL AND next_due_at <= @now AND (timer_claim_until IS NULL OR timer_claim_until <= @now)
                  ORDER BY next_due_at LIMIT @limit FOR UPDATE SKIP LOCKED) AS due
            WHERE f.order_number = due.order_number
            RETURNING f.order_number, f.next_due_at
            """,
            ("@now", RelationalFlowColumns.Nanos(now)), ("@claimUntil", RelationalFlowColumns.NanosAfter(now, _timerClaim)), ("@limit", maxCount)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                due.Add((reader.GetInt64(1), reader.GetString(0)));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return due.OrderBy(d => d.Due).ThenBy(d => d.OrderNumber, StringComparer.Ordinal).Select(d => d.OrderNumber).ToList();
    }

    /// <summary>One node at a time creates or upgrades the schema; the others wait and then find it done.</summary>
    protected override async ValueTask BeginUpgradeAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var lockCommand = RelationalCommands.Create(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@name))", ("@name", "koogallery-supervision-schema:" + _schemaName)))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var createSchema = RelationalCommands.Create(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {_schema}");
        await createSchema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<bool> HasSchemaAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var command = RelationalCommands.Create(connection, transaction,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = @schema AND table_name LIKE 'supervision\\_%' ORDER BY table_name",
            ("@schema", _schemaName)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count == 0)
        {
            return false;
        }

        return tables.Contains("supervision_schema") ? true : throw new SupervisionStoreException("ForeignDatabase",
            $"The PostgreSQL schema {_schema} at {_where} has tables named like the library's ({string.Join(", ", tables)}) but no supervision_schema table; they belong to something else. Nothing was written; use another schema.",
            null);
    }

    protected override SupervisionStoreException? Translate(Exception exception) => exception is NpgsqlException or TimeoutException or System.IO.IOException
        ? new SupervisionStoreException("Unusable", $"PostgreSQL at {_where} failed: {exception.Message}", exception)
        : null;

    private static string[][] MigrationsOf(string schema) =>
        Array.ConvertAll(PostgreSqlSchema.Migrations, version => Array.ConvertAll(version, statement => string.Format(CultureInfo.InvariantCulture, statement, schema)));

    /// <summary>Makes Npgsql's typed parameters (<see cref="NpgsqlParameter{T}"/>) and sets their typed values.</summary>
    private sealed class TypedParameters() : RelationalParameterMaker(NpgsqlFactory.Instance)
    {
        public override DbParameter Create<T>() => new NpgsqlParameter<T>();

        public override void Set<T>(DbParameter parameter, T value) => ((NpgsqlParameter<T>)parameter).TypedValue = value;
    }
}
