using System.Runtime.CompilerServices;
using System.Data;
using System.Data.Common;

namespace KooGallery.Supervision.Relational;

/// <summary>
/// A flow store over a relational database, written once for SQLite and PostgreSQL: every operation of
/// <see cref="IServiceFlowStore"/>, the save algorithm (RelationalFlowStore.Save.cs) and the schema lifecycle
/// (RelationalFlowStore.Schema.cs). A database supplies the hooks: how to open a connection, the SQL
/// fragments where it differs (<see cref="RelationalDialect"/>), how to find its schema, and how to name its
/// failures. Every operation that fails because of the database throws a <see cref="SupervisionStoreException"/>.
/// Thread-safe.
/// </summary>
internal abstract partial class RelationalFlowStore
{
    private const int MarkedPerStatement = 500;

    /// <summary>How many times marking events delivered is tried when the database ends it to break a deadlock.</summary>
    private const int MarkAttempts = 3;
    private readonly SchemaGate _schemaGate = new();
    private readonly StoreFailures _failures;
    private readonly bool _ensureSchemaOnFirstUse;
    private readonly Func<Guid, object> _eventKey;

    /// <summary>Gets <see cref="EventKey"/> as a delegate, made once.</summary>
    protected Func<Guid, object> EventKeys => _eventKey;
    private readonly Func<Task> _checkSchema;
    private readonly KeptObjects<DbCommand> _loads = new(KeptPerKind);

    /// <param name="dialect">The SQL fragments of the database.</param>
    /// <param name="migrations">The schema scripts, one array of statements per version, ready to run.</param>
    /// <param name="database">Names the database in messages, for example "The SQLite database 'x.db'".</param>
    /// <param name="package">The package to upgrade when the database's schema is newer than this library's.</param>
    /// <param name="ensureSchemaOnFirstUse">Whether the first operation creates or upgrades the schema.</param>
    protected RelationalFlowStore(RelationalDialect dialect, IReadOnlyList<string[]> migrations, string database, string package, bool ensureSchemaOnFirstUse)
    {
        Sql = new RelationalSql(dialect);
        Migrations = migrations;
        Database = database;
        Package = package;
        _ensureSchemaOnFirstUse = ensureSchemaOnFirstUse;
        _failures = new StoreFailures(Translate);
        _eventKey = EventKey;
        _checkSchema = CheckSchemaOnceAsync;
    }

    /// <summary>Gets every statement of the store.</summary>
    public RelationalSql Sql { get; }

    /// <summary>Gets the schema version this library writes: the number of scripts.</summary>
    public int CurrentVersion => Migrations.Count;

    protected IReadOnlyList<string[]> Migrations { get; }

    protected string Database { get; }

    protected string Package { get; }

    /// <summary>The isolation level of the transactions that save a change or the schema: by default the database's own.</summary>
    protected virtual IsolationLevel WriteIsolation => IsolationLevel.Unspecified;

    /// <summary>Gives the stored form of an event id (text for SQLite, a UUID for PostgreSQL).</summary>
    protected virtual object EventKey(Guid eventId) => eventId;

    public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken) =>
        _failures.GuardAsync(EnsureSchemaCoreAsync(cancellationToken));

    public ValueTask<int?> CheckSchemaAsync(CancellationToken cancellationToken) =>
        _failures.GuardAsync(CheckSchemaNowAsync(cancellationToken));

    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        return _failures.GuardAsync(ReadOneAsync(Sql.LoadFlow, SupervisionStorageFormat.Flow, cancellationToken, ("@order", orderNumber)));
    }

    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        return _failures.GuardAsync(ReadAllAsync(Sql.ReadRecords, SupervisionStorageFormat.Record, cancellationToken, ("@order", orderNumber)));
    }

    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        return _failures.GuardAsync(ReadOneAsync(Sql.FindOutcome, SupervisionStorageFormat.Outcome, cancellationToken, ("@order", orderNumber), ("@id", commandId)));
    }

    public ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        return _failures.GuardAsync(LoadForCommandCoreAsync(orderNumber, commandId, cancellationToken));
    }

    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _failures.GuardAsync(SaveCoreAsync(change, cancellationToken));
    }

    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _failures.GuardAsync(SearchCoreAsync(query, now, cancellationToken));
    }

    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(FindDueCoreAsync(now, maxCount, cancellationToken));

    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        return _failures.GuardAsync(CountFailureAsync(Sql.Park, orderNumber, retryAt, cancellationToken));
    }

    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(ReadPendingCoreAsync(now, maxCount, cancellationToken));

    public ValueTask<int> CountPendingEventsAsync(int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountPendingCoreAsync(maxCount, cancellationToken));

    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountFailureAsync(Sql.Defer, EventKey(eventId), retryAt, cancellationToken));

    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        // Stryker disable once Conditional : a shortcut; marking no events would open a transaction that changes nothing
        return eventIds.Count == 0 ? ValueTask.CompletedTask : _failures.GuardAsync(MarkEventsDeliveredCoreAsync(eventIds, cancellationToken));
    }

    /// <summary>Opens a connection, ready for the store's statements.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection for one of the two calls every command makes (its first read and its save), given back
    /// with <see cref="ReleaseAsync"/>: by default a connection of <see cref="OpenAsync"/>.
    /// </summary>
    protected virtual ValueTask<DbConnection> OpenForCommandAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>
    /// Gives back a connection of <see cref="OpenForCommandAsync"/> once its call is over; <paramref name="healthy"/> is
    /// false when the call failed. By default the connection is disposed.
    /// </summary>
    protected virtual ValueTask ReleaseAsync(DbConnection connection, bool healthy) => connection.DisposeAsync();

    /// <summary>Gives the typed error for a failure of the database; null for anything else.</summary>
    protected abstract SupervisionStoreException? Translate(Exception exception);

    /// <summary>Finds the flows with a due timer: by default a plain read in due order.</summary>
    protected virtual async ValueTask<IReadOnlyList<string>> FindDueAsync(DbConnection connection, Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var command = RelationalCommands.Create(connection, null, Sql.FindDue, ("@now", RelationalFlowColumns.Nanos(now)), ("@limit", maxCount));
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    /// <summary>
    /// Reads a command's flow and the outcome under its command id with <see cref="RelationalSql.LoadForCommand"/>: by
    /// default on a connection of its own, with a command kept for later reads (its parameters numbered, as the save's
    /// batches are) and prepared on the connection.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected virtual async ValueTask<(ServiceFlow? Flow, CommandOutcome? Outcome)> LoadForCommandCoreAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        await WaitForSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenForCommandAsync(cancellationToken).ConfigureAwait(false);
        var healthy = false;
        DbCommand? command = null;
        (ServiceFlow? Flow, CommandOutcome? Outcome) read;
        try
        {
            command = TakeLoad(connection);
            command.Parameters[0].Value = orderNumber;
            command.Parameters[1].Value = commandId;
            await PrepareAsync(command, cancellationToken).ConfigureAwait(false);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    read = (null, null);
                }
                else
                {
                    var flow = ReadDocument(reader, 0, SupervisionStorageFormat.Flow);
                    read = (flow, await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : ReadDocument(reader, 1, SupervisionStorageFormat.Outcome));
                }
            }

            // Only a read that ran to its end, reader closed, keeps its connection and its command: after a failure
            // nothing says what state the driver left them in.
            healthy = true;
        }
        finally
        {
            if (command is not null)
            {
                command.Connection = null;
            }

            await ReleaseAsync(connection, healthy).ConfigureAwait(false);
        }

        _loads.Keep(command);
        return read;
    }

    /// <summary>Reads a document column of the current row: from its UTF-8 bytes where the driver gives them (<see cref="Utf8Documents"/>), else from its text.</summary>
    private T ReadDocument<T>(DbDataReader reader, int ordinal, StoredDocumentFormat<T> format)
        where T : class =>
        Utf8Documents ? RelationalReading.ReadUtf8(reader, ordinal, format) : format.Deserialize(reader.GetString(ordinal));

    private DbCommand TakeLoad(DbConnection connection)
    {
        var command = _loads.Take();
        if (command is null)
        {
            command = connection.CreateCommand();
            var parameters = new CollectionParameters(command.Parameters, Parameters);
            parameters.Text("@order", string.Empty);
            parameters.Text("@id", string.Empty);
            command.CommandText = RelationalSaveBatch.Numbered(command.Parameters, Sql.LoadForCommand);
        }
        else
        {
            command.Connection = connection;

            // Set again: Npgsql then forgets the prepared statement of the connection the command last ran on.
            command.CommandText = command.CommandText;
        }

        return command;
    }

    private async ValueTask<T?> ReadOneAsync<T>(string sql, StoredDocumentFormat<T> format, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = RelationalCommands.Create(connection, null, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) switch
        {
            null or DBNull => null,
            string json => format.Deserialize(json),

            // Bytes are read as UTF-8 text, as a command's first read and a search read them; whatever else a damaged
            // row holds is reported as damage, never read as no row at all.
            byte[] utf8 => format.DeserializeFromUtf8(utf8),
            var other => throw new FormatException($"The stored {typeof(T).Name} is a {other.GetType().Name}, not the text of a document."),
        };
    }

    private async ValueTask<IReadOnlyList<T>> ReadAllAsync<T>(string sql, StoredDocumentFormat<T> format, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = RelationalCommands.Create(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadAllAsync(reader, format, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<int> CountPendingCoreAsync(int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = RelationalCommands.Create(connection, null, Sql.CountPending, ("@limit", maxCount));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        // Stryker disable once Linq : a capacity hint
        var events = new List<SupervisionEvent>(Math.Min(maxCount, 256));
        List<long>? damaged = null;
        await using (var command = RelationalCommands.Create(connection, null, Sql.ReadPending, ("@now", RelationalFlowColumns.Nanos(now)), ("@limit", maxCount)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    events.Add(SupervisionStorageFormat.Event.Deserialize(reader.GetString(0)));
                }
                catch (FormatException)
                {
                    (damaged ??= []).Add(reader.GetInt64(1));
                }
            }
        }

        foreach (var sequence in damaged ?? [])
        {
            await using var setAside = RelationalCommands.Create(connection, null, Sql.SetAsideEvent, ("@never", long.MaxValue), ("@sequence", sequence));
            await setAside.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return events;
    }

    private async ValueTask<FlowPage> SearchCoreAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        var (sql, parameters) = RelationalSearch.Statement(Sql, query, now);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = RelationalCommands.Create(connection, null, sql, parameters.ConvertAll(p => (p.Key, (object?)p.Value)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadPageAsync(reader, query.PageSize, now, cancellationToken, RelationalSearch.IsAppealQueue(query)).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<string>> FindDueCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        return await FindDueAsync(connection, now, maxCount, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<int> CountFailureAsync(RelationalRetry.Statements sql, object key, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryAt);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalRetry.CountFailureAsync(connection, sql, key, retryAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks the events delivered in one transaction, a bounded number of ids per statement. Two dispatchers marking
    /// overlapping events may lock them in another order and deadlock; the database then rolls one back, and since
    /// marking is the same however often it runs, that one runs again (at most <see cref="MarkAttempts"/> times in all).
    /// </summary>
    private async ValueTask MarkEventsDeliveredCoreAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MarkEventsDeliveredOnceAsync(eventIds, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < MarkAttempts && IsDeadlock(exception))
            {
                // Rolled back whole: nothing of this attempt is kept.
            }
        }
    }

    /// <summary>Whether the database ended a transaction to break a deadlock; never, by default.</summary>
    protected virtual bool IsDeadlock(Exception exception) => false;

    private async ValueTask MarkEventsDeliveredOnceAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<Guid>(eventIds);
        for (var start = 0; start < ids.Count; start += MarkedPerStatement)
        {
            var chunk = ids.GetRange(start, Math.Min(MarkedPerStatement, ids.Count - start));
            var names = new string[chunk.Count];
            var parameters = new (string Name, object? Value)[chunk.Count];
            for (var i = 0; i < chunk.Count; i++)
            {
                names[i] = "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameters[i] = (names[i], EventKey(chunk[i]));
            }

            await using var command = RelationalCommands.Create(connection, transaction,
                $"UPDATE {Sql.Outbox} SET delivered = TRUE WHERE {Sql.Undelivered} AND event_id IN ({string.Join(", ", names)})", parameters);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
