using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KooGallery.Supervision.Relational;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

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
/// </remarks>
public sealed class SqliteServiceFlowStore : IServiceFlowStore, ISupervisionSchema
{
    private const int SqliteNotADatabase = 26;
    private const string Package = "KooGallery.Supervision.Sqlite";
    private static readonly RelationalRetry.Statements ParkSql = new(
        "SELECT timer_failures, next_due_at FROM supervision_flows WHERE order_number = @key",
        "UPDATE supervision_flows SET timer_failures = @count, next_due_at = CASE WHEN next_due_at IS NULL THEN NULL ELSE @due END WHERE order_number = @key");

    private static readonly RelationalRetry.Statements DeferSql = new(
        "SELECT attempts, due_at FROM supervision_outbox WHERE event_id = @key AND delivered = 0",
        "UPDATE supervision_outbox SET attempts = @count, due_at = @due WHERE event_id = @key");

    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly string _database;
    private readonly SqliteStoreOptions _options;
    private readonly SchemaGate _schemaGate = new();
    private readonly StoreFailures _failures;

    /// <summary>Initializes a store over the database the options name.</summary>
    /// <param name="options">The options; <see cref="SqliteStoreOptions.ConnectionString"/> is required.</param>
    /// <exception cref="ArgumentException">The connection string is missing or invalid.</exception>
    public SqliteServiceFlowStore(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The SQLite connection string is required, for example \"Data Source=supervision.db\".", nameof(options));
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

        _dataSource = builder.DataSource;
        _database = $"The SQLite database '{_dataSource}'";
        _connectionString = builder.ToString();
        _options = options;
        _failures = new StoreFailures(Translate);
    }

    /// <summary>Gets the database file (or data source) this store uses.</summary>
    public string DataSource => _dataSource;

    /// <summary>The SQL that reads pending events; tests check that an index serves it.</summary>
    internal const string ReadPendingSql =
        "SELECT body FROM supervision_outbox WHERE delivered = 0 AND due_at <= @now ORDER BY due_at, sequence LIMIT @limit";

    /// <inheritdoc />
    public ValueTask<int> EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        _failures.GuardAsync(EnsureSchemaCoreAsync(cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<ServiceFlow?> LoadAsync(string orderNumber, CancellationToken cancellationToken) =>
        _failures.GuardAsync(LoadCoreAsync(orderNumber, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsAsync(string orderNumber, CancellationToken cancellationToken) =>
        _failures.GuardAsync(ReadRecordsCoreAsync(orderNumber, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<CommandOutcome?> FindCommandOutcomeAsync(string orderNumber, string commandId, CancellationToken cancellationToken) =>
        _failures.GuardAsync(FindCommandOutcomeCoreAsync(orderNumber, commandId, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed (for example it is read-only); nothing was saved. The exception names the file and holds SQLite's error.</exception>
    public ValueTask<FlowSaveResult> SaveAsync(FlowChange change, CancellationToken cancellationToken) =>
        _failures.GuardAsync(SaveCoreAsync(change, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<FlowPage> SearchAsync(FlowQuery query, Instant now, CancellationToken cancellationToken) =>
        _failures.GuardAsync(SearchCoreAsync(query, now, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<IReadOnlyList<string>> FindDueAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(FindDueCoreAsync(now, maxCount, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<int> ParkTimersAsync(string orderNumber, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountFailureAsync(ParkSql, orderNumber ?? throw new ArgumentNullException(nameof(orderNumber)), retryAt, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsAsync(Instant now, int maxCount, CancellationToken cancellationToken) =>
        _failures.GuardAsync(ReadPendingEventsCoreAsync(now, maxCount, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask<int> DeferEventAsync(Guid eventId, Func<int, Instant> retryAt, CancellationToken cancellationToken) =>
        _failures.GuardAsync(CountFailureAsync(DeferSql, eventId.ToString("D"), retryAt, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="SupervisionStoreException">The SQLite database failed; the exception names the file and holds SQLite's error.</exception>
    public ValueTask MarkEventsDeliveredAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken) =>
        _failures.GuardAsync(MarkEventsDeliveredCoreAsync(eventIds, cancellationToken));

    private async ValueTask<int> EnsureSchemaCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await EnsureSchemaAsync(connection, create: true, cancellationToken).ConfigureAwait(false);
        _schemaGate.Pass();
        return version;
    }

    private async ValueTask<ServiceFlow?> LoadCoreAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT state FROM supervision_flows WHERE order_number = @order", ("@order", orderNumber));
        var state = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return state is string json ? SupervisionStorageFormat.DeserializeFlow(json) : null;
    }

    private async ValueTask<IReadOnlyList<OperationRecord>> ReadRecordsCoreAsync(string orderNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT body FROM supervision_records WHERE order_number = @order ORDER BY sequence", ("@order", orderNumber));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadAllAsync(reader, SupervisionStorageFormat.DeserializeRecord, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<CommandOutcome?> FindCommandOutcomeCoreAsync(string orderNumber, string commandId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderNumber);
        ArgumentNullException.ThrowIfNull(commandId);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT outcome FROM supervision_commands WHERE order_number = @order AND command_id = @id",
            ("@order", orderNumber), ("@id", commandId));
        var outcome = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return outcome is string json ? SupervisionStorageFormat.DeserializeOutcome(json) : null;
    }

    private async ValueTask<FlowSaveResult> SaveCoreAsync(FlowChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var columns = RelationalFlowColumns.Of(change.Flow);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

        // Every save writes next_due_at from the flow and resets timer_failures: it ends any parking.
        var flowSql = change.ExpectedVersion == 0
            ? """
              INSERT INTO supervision_flows (order_number, version, buyer_id, seller_id, product_id, stage, status, placed_at, waiting_on, under_appeal, stall_due_at, next_due_at, decision_due_at, state)
              VALUES (@order, @version, @buyer, @seller, @product, @stage, @status, @placed, @waiting, @appeal, @stall, @due, @decision, @state)
              ON CONFLICT (order_number) DO NOTHING
              """
            : """
              UPDATE supervision_flows SET version = @version, stage = @stage, status = @status, waiting_on = @waiting,
                  under_appeal = @appeal, stall_due_at = @stall, next_due_at = @due, decision_due_at = @decision, timer_failures = 0, state = @state
              WHERE order_number = @order AND version = @expected
              """;
        await using (var command = Command(connection, flowSql,
            ("@order", columns.OrderNumber), ("@version", columns.Version), ("@buyer", columns.BuyerId), ("@seller", columns.SellerId),
            ("@product", columns.ProductId), ("@stage", columns.Stage), ("@status", columns.Status), ("@placed", columns.PlacedAt),
            ("@waiting", columns.WaitingOn), ("@appeal", columns.UnderAppeal), ("@stall", columns.StallDueAt), ("@due", columns.NextDueAt), ("@decision", columns.DecisionDueAt),
            ("@state", columns.State), ("@expected", change.ExpectedVersion)))
        {
            command.Transaction = transaction;
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return FlowSaveResult.VersionConflict;
            }
        }

        if (change.Outcome is { } outcome)
        {
            // The transaction holds the write lock, so the id cannot be taken between this check and the
            // insert; an insert over an existing outcome would be stopped by the append-only trigger.
            await using (var taken = Command(connection, "SELECT 1 FROM supervision_commands WHERE order_number = @order AND command_id = @id",
                ("@order", columns.OrderNumber), ("@id", outcome.CommandId)))
            {
                taken.Transaction = transaction;
                if (await taken.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return FlowSaveResult.CommandIdTaken;
                }
            }

            await using var command = Command(connection,
                "INSERT INTO supervision_commands (order_number, command_id, outcome) VALUES (@order, @id, @outcome)",
                ("@order", columns.OrderNumber), ("@id", outcome.CommandId), ("@outcome", SupervisionStorageFormat.SerializeOutcome(outcome)));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var record in change.Records)
        {
            await using var command = Command(connection,
                "INSERT INTO supervision_records (order_number, sequence, at, action, body) VALUES (@order, @sequence, @at, @action, @body)",
                ("@order", record.OrderNumber), ("@sequence", record.Sequence), ("@at", InstantPattern.ExtendedIso.Format(record.At)),
                ("@action", record.Action.ToString()), ("@body", SupervisionStorageFormat.SerializeRecord(record)));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var supervisionEvent in change.Events)
        {
            await using var command = Command(connection,
                "INSERT INTO supervision_outbox (event_id, order_number, body) VALUES (@id, @order, @body)",
                ("@id", supervisionEvent.Id.ToString("D")), ("@order", supervisionEvent.OrderNumber), ("@body", SupervisionStorageFormat.SerializeEvent(supervisionEvent)));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return FlowSaveResult.Saved;
    }

    private async ValueTask<FlowPage> SearchCoreAsync(FlowQuery query, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder("SELECT state FROM supervision_flows");
        var parameters = RelationalSearch.AppendWhere(sql, query, now);
        sql.Append(RelationalSearch.OrderBy(query)).Append(" LIMIT @limit");
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter.Key, parameter.Value);
        }

        command.Parameters.AddWithValue("@limit", query.PageSize + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadPageAsync(reader, query.PageSize, now, cancellationToken, RelationalSearch.IsAppealQueue(query)).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<string>> FindDueCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "SELECT order_number FROM supervision_flows WHERE next_due_at IS NOT NULL AND next_due_at <= @now ORDER BY next_due_at LIMIT @limit",
            ("@now", RelationalFlowColumns.Nanos(now)), ("@limit", maxCount));
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    private async ValueTask<int> CountFailureAsync(RelationalRetry.Statements sql, object key, Func<int, Instant> retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retryAt);
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalRetry.CountFailureAsync(connection, sql, key, retryAt, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<SupervisionEvent>> ReadPendingEventsCoreAsync(Instant now, int maxCount, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, ReadPendingSql, ("@now", RelationalFlowColumns.Nanos(now)), ("@limit", maxCount));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await RelationalReading.ReadAllAsync(reader, SupervisionStorageFormat.DeserializeEvent, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask MarkEventsDeliveredCoreAsync(IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return;
        }

        await using var connection = await OpenReadyAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "UPDATE supervision_outbox SET delivered = 1 WHERE event_id = @id AND delivered = 0", ("@id", string.Empty));
        command.Transaction = transaction;
        foreach (var id in eventIds)
        {
            command.Parameters["@id"].Value = id.ToString("D");
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async ValueTask<SqliteConnection> OpenReadyAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(CheckSchemaOnceAsync, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CheckSchemaOnceAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await EnsureSchemaAsync(connection, _options.EnsureSchemaOnFirstUse, CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = Command(connection, _options.Synchronous == SqliteSynchronous.Normal
                ? "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                : "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<int> EnsureSchemaAsync(SqliteConnection connection, bool create, CancellationToken cancellationToken)
    {
        var version = await ReadSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!RelationalSchemaVersion.NeedsUpgrade(version, SqliteSchema.CurrentVersion, create, _database))
        {
            return version;
        }

        // The write-ahead log survives a process crash with every committed transaction and lets readers run beside the writer.
        await using (var wal = Command(connection, "PRAGMA journal_mode = WAL"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        version = await ReadSchemaVersionAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
        for (var next = version + 1; next <= SqliteSchema.CurrentVersion; next++)
        {
            foreach (var statement in SqliteSchema.Migrations[next - 1])
            {
                await using var command = Command(connection, statement);
                command.Transaction = transaction;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var stamp = Command(connection,
            "INSERT INTO supervision_schema (id, version, library) VALUES (1, @version, @library) ON CONFLICT (id) DO UPDATE SET version = excluded.version, library = excluded.library",
            ("@version", SqliteSchema.CurrentVersion), ("@library", typeof(SqliteServiceFlowStore).Assembly.GetName().Version?.ToString() ?? "unknown")))
        {
            stamp.Transaction = transaction;
            await stamp.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return SqliteSchema.CurrentVersion;
    }

    /// <summary>
    /// Reads the schema version: 0 for a database with no schema objects at all. Every object counts, not
    /// only tables: a database holding only views, triggers or indexes belongs to someone else too.
    /// </summary>
    private async ValueTask<int> ReadSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var objects = new List<(string Type, string Name)>();
        await using (var command = Command(connection, "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table' DESC, name"))
        {
            command.Transaction = transaction;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                objects.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (objects.Count == 0)
        {
            return 0;
        }

        if (!objects.Contains(("table", SqliteSchema.VersionTable)))
        {
            var shown = string.Join(", ", objects.GetRange(0, Math.Min(5, objects.Count)).ConvertAll(o => o.Type + " " + o.Name));
            throw new SupervisionStoreException("ForeignDatabase",
                $"The SQLite database '{_dataSource}' belongs to another application: it has schema objects ({shown}{(objects.Count > 5 ? ", …" : string.Empty)}) but no {SqliteSchema.VersionTable} table. Nothing was written; point the connection string at a new file or at a supervision database.",
                null);
        }

        await using (var command = Command(connection, "SELECT version FROM supervision_schema WHERE id = 1"))
        {
            command.Transaction = transaction;
            var stored = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return RelationalSchemaVersion.Check(stored, _database, SqliteSchema.CurrentVersion, Package);
        }
    }

    /// <summary>Gives the typed error for a failure of the database; null for anything else.</summary>
    private SupervisionStoreException? Translate(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: SqliteNotADatabase } sqlite => new SupervisionStoreException("NotADatabase",
            $"The file '{_dataSource}' is not a SQLite database ({sqlite.Message}). Nothing was written; point the connection string at a new file or at a supervision database.",
            sqlite),
        SqliteException or IOException => new SupervisionStoreException("Unusable", $"The SQLite database '{_dataSource}' cannot be used: {exception.Message}", exception),
        _ => null,
    };
}
